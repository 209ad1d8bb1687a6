import type { AudioStream, RemoteParticipant, RemoteTrackPublication } from '@livekit/rtc-node';
import { splitFrames } from '../audio/pcm';
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
 * Rooms on a LiveKit server through @livekit/rtc-node. It subscribes to participants'
 * microphones only (no video: `autoSubscribe` is off and only audio publications are
 * subscribed), reads each one on its own (resampled to mono `inputSampleRate` by the SDK),
 * and publishes the agent's voice from an AudioSource. Leaving — or losing the connection —
 * cancels every reader, closes the source, the track and the room, so a rejoin starts clean.
 * The native module is loaded on the first join, so an agent without LiveKit rooms never loads it.
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
    const readers = new Map<string, ReadableStreamDefaultReader<unknown>>();
    let closed = false;
    const participantOf = (p: RemoteParticipant): RoomParticipant => ({
      identity: p.identity,
      role: roleFromMetadata(p.metadata),
    });
    const wantAudio = (publication: RemoteTrackPublication, participant: RemoteParticipant) => {
      if (!options.subscribeAudio || closed) return;
      if (publication.kind !== rtc.TrackKind.KIND_AUDIO || participantOf(participant).role === 'agent') return;
      publication.setSubscribed(true);
    };
    const stopReading = async (trackSid: string) => {
      const reader = readers.get(trackSid);
      readers.delete(trackSid);
      // Cancelling the reader (not the locked stream) is what ends the stream and frees its FFI handle.
      await reader?.cancel().catch(() => undefined);
    };

    room.on(rtc.RoomEvent.ParticipantConnected, (p) => handlers.onParticipantJoined(participantOf(p)));
    room.on(rtc.RoomEvent.ParticipantDisconnected, (p) => handlers.onParticipantLeft(participantOf(p)));
    room.on(rtc.RoomEvent.TrackPublished, (publication, participant) => wantAudio(publication, participant));
    room.on(rtc.RoomEvent.TrackSubscribed, (track, publication, participant) => {
      const who = participantOf(participant);
      const sid = publication.sid;
      if (track.kind !== rtc.TrackKind.KIND_AUDIO || who.role === 'agent' || !sid || closed) return;
      const stream: AudioStream = new rtc.AudioStream(track, {
        sampleRate: options.inputSampleRate,
        numChannels: 1,
        frameSizeMs: FRAME_MS,
      });
      const reader = stream.getReader();
      readers.set(sid, reader);
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done || closed) break;
          handlers.onAudio(who, value.data);
        }
      })()
        .catch(() => undefined)
        .finally(() => {
          if (readers.get(sid) === reader) readers.delete(sid);
          handlers.onAudioEnded(who);
        });
    });
    room.on(rtc.RoomEvent.TrackUnsubscribed, (_track, publication) => {
      if (publication.sid) void stopReading(publication.sid);
    });

    const source = new rtc.AudioSource(options.outputSampleRate, 1);
    const track = rtc.LocalAudioTrack.createAudioTrack('agent-voice', source);
    const release = async () => {
      if (closed) return;
      closed = true;
      generation++;
      await Promise.all([...readers.keys()].map(stopReading));
      await track.close().catch(() => undefined);
      await source.close().catch(() => undefined);
      await room.disconnect().catch(() => undefined);
    };
    room.on(rtc.RoomEvent.Disconnected, (reason) => {
      if (closed) return;
      // Gone for good (the SDK's own reconnects failed): free everything before anyone rejoins.
      void release().finally(() => handlers.onDisconnected(rtc.DisconnectReason[reason] ?? String(reason)));
    });

    // Speech is captured frame by frame in order; clearing bumps the generation so that frames
    // queued before a barge-in are skipped instead of played.
    let generation = 0;
    let playing: Promise<void> = Promise.resolve();
    const frameSamples = (options.outputSampleRate * FRAME_MS) / 1000;

    try {
      await room.connect(target.url, target.token, { autoSubscribe: false, dynacast: false });
      for (const p of room.remoteParticipants.values()) {
        handlers.onParticipantJoined(participantOf(p));
        for (const publication of p.trackPublications.values()) wantAudio(publication, p);
      }
      const local = room.localParticipant;
      if (!local) throw new Error('LiveKit connected without a local participant');
      await local.publishTrack(track, new rtc.TrackPublishOptions({ source: rtc.TrackSource.SOURCE_MICROPHONE }));
    } catch (err) {
      await release();
      throw err;
    }

    return {
      participants: () => [...room.remoteParticipants.values()].map(participantOf),
      playAudio: (pcm) => {
        const mine = generation;
        playing = playing
          .then(async () => {
            for (const frame of splitFrames(pcm, frameSamples)) {
              if (mine !== generation || closed) return;
              await source.captureFrame(new rtc.AudioFrame(frame, options.outputSampleRate, 1, frame.length));
            }
          })
          .catch(() => undefined);
      },
      clearAudio: () => {
        generation++;
        source.clearQueue();
      },
      leave: release,
    };
  }
}
