/**
 * What the agent needs from a media room, and nothing more: join and leave, each participant's
 * audio in (on its own, never mixed: each is transcribed on its own stream), and its own voice
 * out. LiveKit implements it for real rooms; the in-memory implementation drives the same core
 * in tests and benchmarks; another transport (browsers' microphones over a WebSocket, for rooms
 * without a media server) plugs in the same way.
 */

export type ParticipantRole = 'client' | 'coach' | 'admin' | 'agent' | 'unknown';

export interface RoomParticipant {
  identity: string;
  role: ParticipantRole;
}

/** Audio formats at the transport boundary: 16-bit signed PCM, mono. */
export interface AudioFormats {
  /** Participants' audio is delivered at this rate. */
  inputSampleRate: number;
  /** The agent's voice is handed over at this rate. */
  outputSampleRate: number;
}

export interface RoomHandlers {
  /** One frame of one participant's audio (mono, `inputSampleRate`). */
  onAudio(participant: RoomParticipant, frame: Int16Array): void;
  /** That participant's audio stopped (track unpublished or unsubscribed); more may come later. */
  onAudioEnded(participant: RoomParticipant): void;
  onParticipantJoined(participant: RoomParticipant): void;
  onParticipantLeft(participant: RoomParticipant): void;
  /** The connection is gone for good (the transport's own reconnects failed). */
  onDisconnected(reason: string): void;
}

export interface RoomTarget {
  roomId: string;
  url: string;
  token: string;
  identity: string;
}

export interface RoomConnection {
  participants(): RoomParticipant[];
  /** Queues agent speech for playback (mono, `outputSampleRate`). */
  playAudio(pcm: Int16Array): void;
  /** Drops agent speech not yet played: the user barged in. */
  clearAudio(): void;
  leave(): Promise<void>;
}

export interface RoomTransport {
  readonly name: string;
  join(
    target: RoomTarget,
    options: AudioFormats & { subscribeAudio: boolean },
    handlers: RoomHandlers,
  ): Promise<RoomConnection>;
}

/** Participants put `{"role": …}` in their token metadata (session.join does). */
export function roleFromMetadata(metadata: string | undefined): ParticipantRole {
  if (!metadata) return 'unknown';
  try {
    const role: unknown = (JSON.parse(metadata) as { role?: unknown }).role;
    return role === 'client' || role === 'coach' || role === 'admin' || role === 'agent' ? role : 'unknown';
  } catch {
    return 'unknown';
  }
}
