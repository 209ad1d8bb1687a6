import type { AudioStream, RemoteParticipant } from '@livekit/rtc-node';
import { splitFrames } from '../voice/pcm';
import {
  type AudioFormats,
  type RoomConnection,
  type RoomHandlers,
  type RoomParticipant,
  type RoomTarget,
  type RoomTransport,
  roleFromMetadata,
} from './room-transport';

const FRAME_MS = 20;

/**
 * Rooms on a LiveKit server through @livekit/rtc-node: subscribes to participants' audio
 * (resampled to mono `inputSampleRate` by the SDK), publishes the agent's voice from an
 * AudioSource, and sends JSON on the data channel. The native module is loaded on the first
 * join, so an agent without LiveKit rooms never loads it.
 */
export class LiveKitTransport implements RoomTransport {
  readonly name = 'livekit';

  async join(
    target: RoomTarget,
    options: AudioFormats & { subscribeAudio: boolean },
    handlers: RoomHandlers,
  ): Promise<RoomConnection> {
    const rtc = await import('@livekit/rtc-node');
    const room = new rtc.Room();
    const streams = new Set<AudioStream>();
    let leaving = false;
    const participantOf = (p: RemoteParticipant): RoomParticipant => ({
      identity: p.identity,
      role: roleFromMetadata(p.metadata),
    });

    room.on(rtc.RoomEvent.ParticipantConnected, (p) => handlers.onParticipantJoined(participantOf(p)));
    room.on(rtc.RoomEvent.ParticipantDisconnected, (p) => handlers.onParticipantLeft(participantOf(p)));
    room.on(rtc.RoomEvent.Disconnected, (reason) => {
      if (!leaving) handlers.onDisconnected(rtc.DisconnectReason[reason] ?? String(reason));
    });
    if (options.subscribeAudio) {
      room.on(rtc.RoomEvent.TrackSubscribed, (track, _publication, participant) => {
        const who = participantOf(participant);
        if (track.kind !== rtc.TrackKind.KIND_AUDIO || who.role === 'agent') return;
        const stream = new rtc.AudioStream(track, {
          sampleRate: options.inputSampleRate,
          numChannels: 1,
          frameSizeMs: FRAME_MS,
        });
        streams.add(stream);
        void (async () => {
          const reader = stream.getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done || leaving) break;
            handlers.onAudio(who, value.data);
          }
        })()
          .catch(() => undefined)
          .finally(() => streams.delete(stream));
      });
    }

    await room.connect(target.url, target.token, { autoSubscribe: options.subscribeAudio, dynacast: false });
    for (const p of room.remoteParticipants.values()) handlers.onParticipantJoined(participantOf(p));

    const local = room.localParticipant;
    if (!local) throw new Error('LiveKit connected without a local participant');
    const source = new rtc.AudioSource(options.outputSampleRate, 1);
    const track = rtc.LocalAudioTrack.createAudioTrack('agent-voice', source);
    await local.publishTrack(track, new rtc.TrackPublishOptions({ source: rtc.TrackSource.SOURCE_MICROPHONE }));

    // Speech is captured frame by frame in order; clearing bumps the generation so that frames
    // queued before a barge-in are skipped instead of played.
    let generation = 0;
    let playing: Promise<void> = Promise.resolve();
    const frameSamples = (options.outputSampleRate * FRAME_MS) / 1000;

    return {
      participants: () => [...room.remoteParticipants.values()].map(participantOf),
      playAudio: (pcm) => {
        const mine = generation;
        playing = playing
          .then(async () => {
            for (const frame of splitFrames(pcm, frameSamples)) {
              if (mine !== generation || leaving) return;
              await source.captureFrame(new rtc.AudioFrame(frame, options.outputSampleRate, 1, frame.length));
            }
          })
          .catch(() => undefined);
      },
      clearAudio: () => {
        generation++;
        source.clearQueue();
      },
      leave: async () => {
        leaving = true;
        generation++;
        for (const stream of streams) await stream.cancel().catch(() => undefined);
        await track.close().catch(() => undefined);
        await room.disconnect();
      },
    };
  }
}
