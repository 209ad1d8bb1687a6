import { MicIcon, MicOffIcon, MonitorUpIcon, SettingsIcon, VideoIcon, VideoOffIcon } from 'lucide-react';
import { type MutableRefObject, useEffect, useRef, useState } from 'react';
import { cx } from '../../../lib/class-names';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { type RelayState, TranscriptionRelay } from '../relay/transcription-relay';
import type { FeedEvent } from '../room-events';
import { DevicePicker } from './DevicePicker';
import { cameraConstraints, type DeviceChoice, microphoneConstraints, openLocalMedia, saveDevices } from './devices';
import type { RemotePeer } from './peer-call';
import { usePeerCall } from './use-peer-call';

export interface PeerStageProps {
  appointmentId: string;
  me: string;
  iceServers: RTCIceServer[];
  signalsAfter: string;
  devices: DeviceChoice;
  /** The room's feed hands its events here (the call takes the signals). */
  feedSink: MutableRefObject<((event: FeedEvent) => void) | null>;
  /** Names of the room's people by identity, for the tiles. */
  nameOf: (identity: string) => string;
  /** Who the call waits for (the other person), by name. */
  waitingFor: string;
  /** Who is in the room now (presence): a link to anyone else is let go. */
  present: string[];
}

/**
 * The peer-to-peer video call (rooms without LiveKit): the other person large, this page's camera
 * small, their microphone and camera state, and the controls — microphone, camera, screen share,
 * devices. Audio plays through the other person's video element (on the chosen speaker).
 */
export function PeerStage({
  appointmentId,
  me,
  iceServers,
  signalsAfter,
  devices,
  feedSink,
  nameOf,
  waitingFor,
  present,
}: PeerStageProps) {
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [choice, setChoice] = useState(devices);
  const [picking, setPicking] = useState(false);
  const { call, remotes, media, error, onFeedEvent } = usePeerCall({
    appointmentId,
    me,
    iceServers,
    signalsAfter,
    local,
  });
  // Set before the parent's feed subscribes (a child's effects run first).
  useEffect(() => {
    feedSink.current = onFeedEvent;
    return () => {
      feedSink.current = null;
    };
  }, [feedSink, onFeedEvent]);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    void openLocalMedia(devices).then((opened) => {
      if (cancelled) {
        for (const track of opened.stream.getTracks()) track.stop();
        return;
      }
      stream = opened.stream;
      setProblem(opened.problem);
      setLocal(opened.stream);
    });
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [devices]);

  // The microphone also goes to the transcription relay, which sends audio only while an agent listens.
  const relay = useRef<TranscriptionRelay | null>(null);
  const [relayState, setRelayState] = useState<RelayState | null>(null);
  useEffect(() => {
    const track = local?.getAudioTracks()[0];
    if (!track) return;
    const opened = new TranscriptionRelay(appointmentId, track, setRelayState);
    relay.current = opened;
    return () => {
      opened.close();
      relay.current = null;
    };
  }, [local, appointmentId]);
  useEffect(() => {
    relay.current?.setMicrophone(media.audio);
  }, [media.audio]);

  // Someone whose stay ended (their tab closed without a goodbye) is not waited on as "reconnecting".
  const presentKey = present.join(',');
  useEffect(() => {
    const here = new Set(presentKey.split(','));
    for (const remote of remotes) if (!here.has(remote.identity)) call.current?.forget(remote.identity);
  }, [presentKey, remotes, call]);

  const shareScreen = async () => {
    if (media.screen) return call.current?.stopScreen();
    try {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = display.getVideoTracks()[0];
      if (track) await call.current?.shareScreen(track);
    } catch {
      // The person closed the browser's picker: nothing to share.
    }
  };

  const changeDevice = async (next: DeviceChoice) => {
    setChoice(next);
    saveDevices(next);
    const active = call.current;
    if (!active) return;
    if (next.microphoneId !== choice.microphoneId) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraints(next.microphoneId) });
      const track = stream.getAudioTracks()[0];
      if (track) {
        await active.useTrack(track);
        relay.current?.useTrack(track);
      }
    }
    if (next.cameraId !== choice.cameraId) {
      const stream = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(next.cameraId) });
      const track = stream.getVideoTracks()[0];
      if (track) await active.useTrack(track);
    }
  };

  const hasAudio = (local?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (local?.getVideoTracks().length ?? 0) > 0;
  const remote = remotes[0] ?? null;

  return (
    <section
      aria-label="Video call"
      className="flex h-full min-h-0 flex-col overflow-hidden rounded-2xl bg-neutral-950 text-white"
    >
      <div className="relative min-h-0 flex-1">
        {remote ? (
          <RemoteTile remote={remote} name={nameOf(remote.identity)} speakerId={choice.speakerId} />
        ) : (
          <div className="flex h-full items-center justify-center p-6 text-center text-sm text-neutral-300">
            <p role="status">Waiting for {waitingFor} to join the call…</p>
          </div>
        )}
        {remotes.slice(1).map((other) => (
          <div key={other.peerId} className="absolute top-3 left-3 h-24 w-36 overflow-hidden rounded-lg">
            <RemoteTile remote={other} name={nameOf(other.identity)} speakerId={choice.speakerId} small />
          </div>
        ))}
        <LocalPreview stream={local} video={media.video || media.screen} />
        {relayState ? (
          <span role="status" className="absolute top-2 right-2 rounded-md bg-black/60 px-2 py-1 text-xs">
            {relayStateLabels[relayState]}
          </span>
        ) : null}
      </div>
      {problem || error ? (
        <Alert tone="info" className="m-2" title="Camera or microphone">
          {problem ?? error} Chat and the transcript still work.
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center justify-center gap-2 border-t border-white/10 p-1.5 sm:p-2">
        <Toggle
          on={media.audio}
          disabled={!hasAudio}
          onLabel="Mute microphone"
          offLabel="Unmute microphone"
          onIcon={<MicIcon className="size-4" />}
          offIcon={<MicOffIcon className="size-4" />}
          onClick={() => call.current?.setAudio(!media.audio)}
        />
        <Toggle
          on={media.video}
          disabled={!hasVideo}
          onLabel="Turn camera off"
          offLabel="Turn camera on"
          onIcon={<VideoIcon className="size-4" />}
          offIcon={<VideoOffIcon className="size-4" />}
          onClick={() => call.current?.setVideo(!media.video)}
        />
        {typeof navigator.mediaDevices?.getDisplayMedia === 'function' ? (
          <Button variant={media.screen ? 'primary' : 'secondary'} size="sm" onClick={() => void shareScreen()}>
            <MonitorUpIcon className="size-4" aria-hidden />
            <span className="sr-only sm:not-sr-only">{media.screen ? 'Stop sharing' : 'Share screen'}</span>
          </Button>
        ) : null}
        <Button variant="secondary" size="sm" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
          <SettingsIcon className="size-4" aria-hidden />
          <span className="sr-only sm:not-sr-only">Devices</span>
        </Button>
      </div>
      {picking ? (
        <div className="border-t border-white/10 bg-card p-3 text-foreground">
          <DevicePicker choice={choice} onChange={(next) => void changeDevice(next)} />
        </div>
      ) : null}
    </section>
  );
}

function Toggle({
  on,
  disabled,
  onLabel,
  offLabel,
  onIcon,
  offIcon,
  onClick,
}: {
  on: boolean;
  disabled: boolean;
  onLabel: string;
  offLabel: string;
  onIcon: React.ReactNode;
  offIcon: React.ReactNode;
  onClick: () => void;
}) {
  return (
    <Button variant={on ? 'secondary' : 'danger'} size="sm" disabled={disabled} onClick={onClick}>
      {on ? onIcon : offIcon}
      {/* Icons only on a phone: one row of controls leaves the chat in view. */}
      <span className="sr-only sm:not-sr-only">{on ? onLabel : offLabel}</span>
    </Button>
  );
}

const relayStateLabels: Record<RelayState, string> = {
  connecting: 'Connecting transcription…',
  listening: 'Transcribing you',
  idle: 'Not transcribed (no assistant)',
  refused: 'Not transcribed (off or paused)',
};

const stateLabels: Record<RemotePeer['state'], string | null> = {
  connecting: 'Connecting…',
  connected: null,
  reconnecting: 'Connection lost, reconnecting…',
  failed: 'The connection failed; waiting for them to reconnect…',
};

function RemoteTile({
  remote,
  name,
  speakerId,
  small = false,
}: {
  remote: RemotePeer;
  name: string;
  speakerId: string | null;
  small?: boolean;
}) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (element && element.srcObject !== remote.stream) element.srcObject = remote.stream;
  }, [remote.stream]);
  useEffect(() => {
    const element = video.current as (HTMLVideoElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (speakerId && element?.setSinkId) void element.setSinkId(speakerId).catch(() => undefined);
  }, [speakerId]);
  const state = stateLabels[remote.state];
  return (
    <div className="relative flex h-full items-center justify-center bg-neutral-900">
      {/* biome-ignore lint/a11y/useMediaCaption: the room's live transcript beside the call is its captions */}
      <video
        ref={video}
        autoPlay
        playsInline
        aria-label={`Video of ${name}`}
        className={cx(
          'h-full w-full',
          remote.media.screen ? 'object-contain' : 'object-cover',
          !remote.media.video && !remote.media.screen && 'invisible',
        )}
      />
      {!remote.media.video && !remote.media.screen ? (
        <p className="absolute inset-0 flex items-center justify-center text-sm text-neutral-300">
          {name}’s camera is off
        </p>
      ) : null}
      <div
        className={cx(
          'absolute bottom-2 left-2 flex flex-wrap items-center gap-2 rounded-md bg-black/60 px-2 py-1',
          small ? 'text-xs' : 'text-sm',
        )}
      >
        <span>{name}</span>
        {!remote.media.audio ? (
          <span className="inline-flex items-center gap-1 text-amber-300">
            <MicOffIcon className="size-3.5" aria-hidden />
            Microphone off
          </span>
        ) : null}
        {remote.media.screen ? <span>Sharing their screen</span> : null}
      </div>
      {state ? (
        <p role="status" className="absolute top-2 left-1/2 -translate-x-1/2 rounded-md bg-black/60 px-2 py-1 text-sm">
          {state}
        </p>
      ) : null}
    </div>
  );
}

function LocalPreview({ stream, video }: { stream: MediaStream | null; video: boolean }) {
  const element = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (element.current && stream) element.current.srcObject = stream;
  }, [stream]);
  if (!stream || stream.getVideoTracks().length === 0) return null;
  return (
    <video
      ref={element}
      autoPlay
      playsInline
      muted
      aria-label="Your camera"
      className={cx(
        'absolute right-3 bottom-3 aspect-video w-28 rounded-lg border border-white/20 object-cover shadow-lg sm:w-44',
        '-scale-x-100',
        !video && 'opacity-40',
      )}
    />
  );
}
