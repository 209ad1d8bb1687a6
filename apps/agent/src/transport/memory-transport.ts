import type {
  AudioFormats,
  RoomConnection,
  RoomHandlers,
  RoomParticipant,
  RoomTarget,
  RoomTransport,
} from './room-transport';

interface AgentSide {
  identity: string;
  handlers: RoomHandlers;
  formats: AudioFormats & { subscribeAudio: boolean };
}

/**
 * A room that lives in this process: participants are simulated by the caller (tests, bench),
 * who feeds their audio frame by frame and reads what the agent played.
 */
export class MemoryRoom {
  private readonly people = new Map<string, RoomParticipant>();
  private agent: AgentSide | null = null;
  readonly played: Int16Array[] = [];
  playedSamples = 0;
  clears = 0;
  joins = 0;
  /** Connections the agent let go of (left, or disposed after a disconnect). */
  leaves = 0;

  constructor(readonly roomId: string) {}

  get agentIdentity(): string | null {
    return this.agent?.identity ?? null;
  }

  addParticipant(participant: RoomParticipant): void {
    this.people.set(participant.identity, participant);
    this.agent?.handlers.onParticipantJoined(participant);
  }

  removeParticipant(identity: string): void {
    const participant = this.people.get(identity);
    if (!participant) return;
    this.people.delete(identity);
    this.agent?.handlers.onParticipantLeft(participant);
  }

  /**
   * Delivers `pcm` (mono, the agent's input rate) as `frameMs` frames. With `paceMs` the frames
   * are spaced in time (20 for real time); without, they are delivered as fast as possible.
   * Frames sent while no agent is in the room are lost, as in a real room.
   */
  async speak(identity: string, pcm: Int16Array, options: { frameMs?: number; paceMs?: number } = {}): Promise<void> {
    const participant = this.people.get(identity);
    if (!participant) throw new Error(`${identity} is not in room ${this.roomId}`);
    const rate = this.agent?.formats.inputSampleRate ?? 16_000;
    const frame = Math.round((rate * (options.frameMs ?? 20)) / 1000);
    for (let at = 0; at < pcm.length; at += frame) {
      const agent = this.agent;
      if (agent?.formats.subscribeAudio) agent.handlers.onAudio(participant, pcm.slice(at, at + frame));
      if (options.paceMs) await new Promise((r) => setTimeout(r, options.paceMs));
      else if ((at / frame) % 50 === 49) await new Promise((r) => setImmediate(r));
    }
  }

  /** The participant turns their microphone off (their audio track ends). */
  stopAudio(identity: string): void {
    const participant = this.people.get(identity);
    if (participant) this.agent?.handlers.onAudioEnded(participant);
  }

  /** Simulates losing the media connection for good. */
  disconnectAgent(reason = 'simulated disconnect'): void {
    const agent = this.agent;
    this.agent = null;
    agent?.handlers.onDisconnected(reason);
  }

  /** @internal used by MemoryTransport */
  connect(identity: string, formats: AgentSide['formats'], handlers: RoomHandlers): RoomConnection {
    const side: AgentSide = { identity, handlers, formats };
    this.agent = side;
    this.joins++;
    for (const participant of this.people.values()) handlers.onParticipantJoined(participant);
    const live = () => this.agent === side;
    return {
      participants: () => [...this.people.values()],
      playAudio: (pcm) => {
        if (!live()) return;
        this.played.push(pcm);
        this.playedSamples += pcm.length;
      },
      clearAudio: () => {
        if (live()) this.clears++;
      },
      leave: async () => {
        if (live()) this.agent = null;
        this.leaves++;
      },
    };
  }
}

export class MemoryTransport implements RoomTransport {
  readonly name = 'memory';
  private readonly rooms = new Map<string, MemoryRoom>();

  room(roomId: string): MemoryRoom {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = new MemoryRoom(roomId);
      this.rooms.set(roomId, room);
    }
    return room;
  }

  async join(
    target: RoomTarget,
    formats: AudioFormats & { subscribeAudio: boolean },
    handlers: RoomHandlers,
  ): Promise<RoomConnection> {
    return this.room(target.roomId).connect(target.identity, formats, handlers);
  }
}
