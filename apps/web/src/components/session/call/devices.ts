/** Which devices a person chose before joining (the device check), kept for the room. */
export interface DeviceChoice {
  /** False: joins without them (chat only, or a broken device). */
  audio: boolean;
  video: boolean;
  microphoneId: string | null;
  cameraId: string | null;
  speakerId: string | null;
}

export const defaultDevices: DeviceChoice = {
  audio: true,
  video: true,
  microphoneId: null,
  cameraId: null,
  speakerId: null,
};

const KEY = 'hc.devices';

/** The last choice on this browser (device ids are per site and survive reloads). */
export function savedDevices(): DeviceChoice {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<DeviceChoice> | null;
    return { ...defaultDevices, ...saved };
  } catch {
    return defaultDevices;
  }
}

export function saveDevices(choice: DeviceChoice): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function microphoneConstraints(id: string | null): MediaTrackConstraints {
  return id ? { deviceId: { exact: id } } : {};
}

export function cameraConstraints(id: string | null): MediaTrackConstraints {
  return { ...(id ? { deviceId: { exact: id } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } };
}

/**
 * The camera and microphone as chosen, falling back to what works: both, then the microphone
 * alone, then nothing (an empty stream: the person joins by chat). `problem` says what failed.
 */
export async function openLocalMedia(choice: DeviceChoice): Promise<{ stream: MediaStream; problem: string | null }> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return { stream: new MediaStream(), problem: 'This browser cannot use a camera or microphone here.' };
  }
  const attempts: MediaStreamConstraints[] = [
    {
      audio: choice.audio ? microphoneConstraints(choice.microphoneId) : false,
      video: choice.video ? cameraConstraints(choice.cameraId) : false,
    },
    ...(choice.video && choice.audio ? [{ audio: microphoneConstraints(choice.microphoneId), video: false }] : []),
  ].filter((c) => c.audio || c.video);
  let problem: string | null = null;
  for (const constraints of attempts) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia(constraints), problem };
    } catch (err) {
      problem = mediaProblem(err);
    }
  }
  return { stream: new MediaStream(), problem };
}

/** A getUserMedia failure as a person can act on it. */
export function mediaProblem(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError') return 'The browser was not allowed to use the camera or microphone.';
  if (name === 'NotFoundError') return 'No camera or microphone was found.';
  if (name === 'NotReadableError') return 'The camera or microphone is in use by another program.';
  return 'The camera or microphone could not be started.';
}

/** The devices of one kind, once the page may use media (labels are empty before that). */
export async function listDevices(kind: MediaDeviceKind): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind && d.deviceId !== '');
}
