import { RELAY_SAMPLE_RATE, RELAY_VOICE_SAMPLE_RATE, type RelayFromAgent, relayToAgent } from '@hybridcoach/api/wire';
import WebSocket from 'ws';
import type {
  AudioFormats,
  RoomConnection,
  RoomHandlers,
  RoomParticipant,
  RoomTarget,
  RoomTransport,
} from './room-transport';

/** How long the server may take to accept the relay socket. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Peer-to-peer rooms have no media server: each browser sends its own microphone to the web
 * server, which relays it here over one WebSocket per room (the server's `/relay/<id>/agent`,
 * authenticated with the agent's service token, open only to the agent holding the room's
 * claim). Every frame names its speaker's slot, so each person still gets their own
 * speech-to-text stream. The assistant's voice goes back the same way, to every browser in the
 * room, which plays it.
 */
export class RelayTransport implements RoomTransport {
  readonly name = 'relay';

  constructor(private readonly server: { apiUrl: string; token: string }) {}

  async join(
    target: RoomTarget,
    options: AudioFormats & { subscribeAudio: boolean },
    handlers: RoomHandlers,
  ): Promise<RoomConnection> {
    if (options.inputSampleRate !== RELAY_SAMPLE_RATE || options.outputSampleRate !== RELAY_VOICE_SAMPLE_RATE)
      throw new Error(`the relay carries ${RELAY_SAMPLE_RATE} Hz audio in and ${RELAY_VOICE_SAMPLE_RATE} Hz out`);
    const url = new URL(target.url, this.server.apiUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${this.server.token}` } });
    const slots = new Map<number, RoomParticipant>();
    let leaving = false;
    let opened = false;

    ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        const who = slots.get(bytes[0] ?? -1);
        if (!who || !options.subscribeAudio || bytes.length < 3) return;
        // Copied out: the frame's PCM starts at an odd offset, which Int16Array cannot view.
        const pcm = new Int16Array((bytes.length - 1) >> 1);
        Buffer.from(pcm.buffer).set(bytes.subarray(1, 1 + pcm.length * 2));
        handlers.onAudio(who, pcm);
        return;
      }
      const parsed = relayToAgent.safeParse(safeJson(bytes.toString('utf8')));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'audio_ended') {
        const who = slots.get(message.slot);
        if (who) handlers.onAudioEnded(who);
      } else if (message.joined) {
        const who: RoomParticipant = { identity: message.identity, role: message.role };
        slots.set(message.slot, who);
        handlers.onParticipantJoined(who);
      } else {
        const who = slots.get(message.slot);
        slots.delete(message.slot);
        if (who) {
          handlers.onAudioEnded(who);
          handlers.onParticipantLeft(who);
        }
      }
    });
    ws.on('close', (code, reason) => {
      // A socket that never opened is a failed join (thrown below), not a lost connection.
      if (opened && !leaving) handlers.onDisconnected(`relay closed (${code}${reason.length ? `: ${reason}` : ''})`);
    });
    ws.on('error', () => undefined);

    // Listening before the socket opens: the server names the speakers in its first messages.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('the relay did not answer'));
      }, CONNECT_TIMEOUT_MS);
      ws.once('open', () => {
        clearTimeout(timer);
        opened = true;
        resolve();
      });
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`the relay refused the agent (${res.statusCode})`));
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });

    return {
      participants: () => [...slots.values()],
      playAudio: (pcm) => {
        if (ws.readyState === ws.OPEN) ws.send(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
      },
      clearAudio: () => {
        const clear: RelayFromAgent = { type: 'clear' };
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(clear));
      },
      leave: async () => {
        leaving = true;
        if (ws.readyState === ws.CLOSED) return;
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(1000, 'the agent left the room');
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 2000).unref();
        });
      },
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
