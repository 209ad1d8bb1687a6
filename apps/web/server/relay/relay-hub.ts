import type { RelaySpeaker } from '@hybridcoach/api';
import { type RelayToAgent, type RelayToBrowser, relayFromAgent, relayFromBrowser } from '@hybridcoach/api/wire';
import type { Logger } from '@hybridcoach/config';
import type { WebSocket } from 'ws';

/** An agent that has this much unsent audio is not keeping up: frames are dropped, not queued without end. */
const MAX_AGENT_BACKLOG_BYTES = 1024 * 1024;

interface Speaker {
  socket: WebSocket;
  speaker: RelaySpeaker;
  slot: number;
  microphone: boolean;
}

interface RelayRoom {
  agent: WebSocket | null;
  speakers: Set<Speaker>;
  /** Each person keeps their slot across reconnects (the agent knows them by it). */
  slots: Map<string, number>;
}

/**
 * The transcription relay of this server process: who is sending their microphone in which room,
 * and the one agent socket that hears each room. Each browser's frames go to the agent prefixed
 * with the speaker's slot, so every person is transcribed on their own; a browser hears whether
 * an agent is listening and sends audio only then (no agent, no audio on the wire). The agent's
 * voice goes to every browser of the room.
 */
export class RelayHub {
  private readonly rooms = new Map<string, RelayRoom>();
  framesRelayed = 0;
  framesDropped = 0;

  constructor(private readonly logger: Logger) {}

  private room(appointmentId: string): RelayRoom {
    let room = this.rooms.get(appointmentId);
    if (!room) {
      room = { agent: null, speakers: new Set(), slots: new Map() };
      this.rooms.set(appointmentId, room);
    }
    return room;
  }

  private forget(appointmentId: string, room: RelayRoom): void {
    if (!room.agent && room.speakers.size === 0) this.rooms.delete(appointmentId);
  }

  /** Open sockets: speakers and agents (a gauge). */
  get sockets(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.speakers.size + (room.agent ? 1 : 0);
    return n;
  }

  addSpeaker(appointmentId: string, socket: WebSocket, speaker: RelaySpeaker): void {
    const room = this.room(appointmentId);
    let slot = room.slots.get(speaker.identity);
    if (slot === undefined) {
      slot = room.slots.size % 256;
      room.slots.set(speaker.identity, slot);
    }
    const entry: Speaker = { socket, speaker, slot, microphone: true };
    room.speakers.add(entry);
    sendJson<RelayToBrowser>(socket, { type: 'listening', listening: room.agent !== null });
    if (room.agent) sendJson<RelayToAgent>(room.agent, participantMessage(entry, true));

    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.audio(room, entry, data as Buffer);
      const message = relayFromBrowser.safeParse(parseJson(data.toString()));
      if (message.success) this.microphone(room, entry, message.data.on);
    });
    socket.on('close', () => {
      room.speakers.delete(entry);
      const stillHere = [...room.speakers].some((s) => s.speaker.identity === speaker.identity);
      if (room.agent && !stillHere) sendJson<RelayToAgent>(room.agent, participantMessage(entry, false));
      this.forget(appointmentId, room);
    });
  }

  /** The browser's microphone went off or on: the agent closes or reopens that person's stream. */
  private microphone(room: RelayRoom, entry: Speaker, on: boolean): void {
    if (entry.microphone === on) return;
    entry.microphone = on;
    if (!on && room.agent) sendJson<RelayToAgent>(room.agent, { type: 'audio_ended', slot: entry.slot });
  }

  private audio(room: RelayRoom, entry: Speaker, data: Buffer): void {
    const agent = room.agent;
    if (!agent || !entry.microphone || data.length === 0 || data.length % 2 !== 0) return;
    if (agent.bufferedAmount > MAX_AGENT_BACKLOG_BYTES) {
      if (this.framesDropped++ % 500 === 0)
        this.logger.warn({ backlog: agent.bufferedAmount }, 'relay: the agent is not keeping up; dropping audio');
      return;
    }
    const frame = Buffer.allocUnsafe(data.length + 1);
    frame[0] = entry.slot;
    data.copy(frame, 1);
    agent.send(frame, { binary: true });
    this.framesRelayed++;
  }

  /** The room's agent connects (a newer one replaces an older, which is closed). */
  setAgent(appointmentId: string, socket: WebSocket): void {
    const room = this.room(appointmentId);
    const previous = room.agent;
    room.agent = socket;
    if (previous && previous !== socket) previous.close(4000, 'replaced by a newer agent connection');
    for (const entry of room.speakers) sendJson<RelayToAgent>(socket, participantMessage(entry, true));
    for (const entry of room.speakers) sendJson<RelayToBrowser>(entry.socket, { type: 'listening', listening: true });
    socket.on('message', (data, isBinary) => {
      if (room.agent !== socket) return;
      if (isBinary) {
        for (const entry of room.speakers)
          if (entry.socket.readyState === entry.socket.OPEN) entry.socket.send(data, { binary: true });
        return;
      }
      if (relayFromAgent.safeParse(parseJson(data.toString())).success)
        for (const entry of room.speakers) sendJson<RelayToBrowser>(entry.socket, { type: 'clear' });
    });
    socket.on('close', () => {
      if (room.agent !== socket) return;
      room.agent = null;
      for (const entry of room.speakers)
        sendJson<RelayToBrowser>(entry.socket, { type: 'listening', listening: false });
      this.forget(appointmentId, room);
    });
  }

  /** Every socket, for the server's shutdown. */
  closeAll(code: number, reason: string): void {
    for (const room of this.rooms.values()) {
      room.agent?.close(code, reason);
      for (const entry of room.speakers) entry.socket.close(code, reason);
    }
  }
}

function participantMessage(entry: Speaker, joined: boolean): RelayToAgent {
  return {
    type: 'participant',
    slot: entry.slot,
    identity: entry.speaker.identity,
    role: entry.speaker.role,
    joined,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function sendJson<T>(socket: WebSocket, message: T): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
