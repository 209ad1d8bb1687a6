import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { DevicePicker } from './DevicePicker';
import { type DeviceChoice, openLocalMedia } from './devices';

/**
 * Before joining: the camera as the other person will see it, the microphone's level as it
 * moves, a test sound on the chosen speaker, the devices to use, and whether to join with camera
 * and microphone at all (neither: by chat only). The preview's tracks stop when it closes.
 */
export function DeviceCheck({ choice, onChange }: { choice: DeviceChoice; onChange: (next: DeviceChoice) => void }) {
  const preview = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const level = useMicrophoneLevel(stream);
  const { audio, video, microphoneId, cameraId } = choice;

  useEffect(() => {
    let opened: MediaStream | null = null;
    let cancelled = false;
    if (!audio && !video) {
      setStream(null);
      return;
    }
    void openLocalMedia({ audio, video, microphoneId, cameraId, speakerId: null }).then((result) => {
      if (cancelled) {
        for (const track of result.stream.getTracks()) track.stop();
        return;
      }
      opened = result.stream;
      setProblem(result.problem);
      setStream(result.stream);
    });
    return () => {
      cancelled = true;
      for (const track of opened?.getTracks() ?? []) track.stop();
    };
  }, [audio, video, microphoneId, cameraId]);

  useEffect(() => {
    if (preview.current) preview.current.srcObject = stream;
  }, [stream]);

  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  const hasAudio = (stream?.getAudioTracks().length ?? 0) > 0;
  return (
    <section aria-label="Device check" className="flex flex-col gap-4">
      <div className="relative aspect-video overflow-hidden rounded-2xl bg-neutral-900">
        {hasVideo ? (
          <video
            ref={preview}
            autoPlay
            playsInline
            muted
            aria-label="Camera preview"
            className="h-full w-full -scale-x-100 object-cover"
          />
        ) : (
          <p className="flex h-full items-center justify-center p-4 text-center text-sm text-neutral-300">
            {video ? 'Starting the camera…' : 'Your camera stays off.'}
          </p>
        )}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-danger">
          {problem} You can still join by chat.
        </p>
      ) : null}
      <div className="flex flex-col gap-2">
        <div className="flex items-center gap-3">
          <span id="mic-level-label" className="w-28 shrink-0 text-sm font-medium">
            Microphone level
          </span>
          <meter
            aria-labelledby="mic-level-label"
            min={0}
            max={1}
            low={0.05}
            value={hasAudio ? level : 0}
            className="h-3 w-full"
          />
        </div>
        <p className="text-sm text-muted-foreground">
          {hasAudio
            ? level > 0.02
              ? 'We hear you.'
              : 'Say something: the bar moves when we hear you.'
            : 'Your microphone stays off.'}
        </p>
      </div>
      <SpeakerTest speakerId={choice.speakerId} />
      <div className="flex flex-col gap-3 sm:flex-row sm:gap-6">
        <Checkbox
          id="join-with-camera"
          label="Join with my camera"
          checked={video}
          onChange={(e) => onChange({ ...choice, video: e.target.checked })}
        />
        <Checkbox
          id="join-with-microphone"
          label="Join with my microphone"
          checked={audio}
          onChange={(e) => onChange({ ...choice, audio: e.target.checked })}
        />
      </div>
      <DevicePicker choice={choice} onChange={onChange} />
    </section>
  );
}

/** The microphone's loudness, 0–1, about 20 times a second. */
function useMicrophoneLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS, scaled so that speech fills most of the bar.
      setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    }, 50);
    return () => {
      clearInterval(timer);
      void context.close();
    };
  }, [stream]);
  return level;
}

/** A short tone on the chosen speaker: can they hear the other person? */
function SpeakerTest({ speakerId }: { speakerId: string | null }) {
  const [playing, setPlaying] = useState(false);
  const play = async () => {
    setPlaying(true);
    const context = new AudioContext();
    const destination = context.createMediaStreamDestination();
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = 523.25;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(destination);
    const audio = new Audio() as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    audio.srcObject = destination.stream;
    if (speakerId && audio.setSinkId) await audio.setSinkId(speakerId).catch(() => undefined);
    tone.start();
    await audio.play().catch(() => undefined);
    setTimeout(() => {
      tone.stop();
      audio.pause();
      void context.close();
      setPlaying(false);
    }, 800);
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="outline" size="sm" onClick={() => void play()} disabled={playing}>
        {playing ? 'Playing…' : 'Play a test sound'}
      </Button>
      <span className="text-sm text-muted-foreground">You should hear a short tone.</span>
    </div>
  );
}
