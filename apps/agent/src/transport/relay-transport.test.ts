import { createServiceClient } from '@hybridcoach/api/client';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { createBrowserClient, startTestServer, type TestServer } from '@hybridcoach/web/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { AGENT_TOKEN, until } from '../test-support/harness';
import { RelayTransport } from './relay-transport';
import type { RoomParticipant } from './room-transport';

const t = useTestDatabase();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ db: t.db, serviceTokens: { agent: AGENT_TOKEN } });
});
afterAll(async () => {
  await server.close();
});

/** A live peer-to-peer room whose two people already send their microphones, and the agent's claim. */
async function roomWithSpeakers() {
  const { appointment, client, coach } = await t.given.appointment({ startsAt: new Date(Date.now() - 5 * 60_000) });
  const sockets: WebSocket[] = [];
  for (const person of [client, coach]) {
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId: person.id });
    await browser.client.session.join.mutate({ appointmentId: appointment.id });
    const cookie = [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/relay/${appointment.id}`, {
      headers: { cookie, origin: server.url },
    });
    await new Promise((resolve) => socket.once('open', resolve));
    sockets.push(socket);
  }
  const agentId = `relay-transport-${appointment.id.slice(0, 8)}`;
  const claimed = await createServiceClient({ url: server.url, token: AGENT_TOKEN }).agent.claim.mutate({
    agentId,
    max: 5,
    leaseMs: 60_000,
  });
  const relay = claimed.find((c) => c.appointmentId === appointment.id)?.relay;
  if (!relay) throw new Error('no relay in the claim');
  return { appointment, client, coach, sockets, target: { roomId: appointment.roomId, ...relay } };
}

describe('the agent’s relay transport', () => {
  test('joining a room whose people already speak: it knows them at once, hears each in their name, and speaks to both', async () => {
    const { client, coach, sockets, target } = await roomWithSpeakers();
    const heard: [string, number[]][] = [];
    const joined: RoomParticipant[] = [];
    const connection = await new RelayTransport({ apiUrl: server.url, token: AGENT_TOKEN }).join(
      target,
      { inputSampleRate: 16_000, outputSampleRate: 24_000, subscribeAudio: true },
      {
        onAudio: (p, frame) => heard.push([p.identity, [...frame]]),
        onAudioEnded: () => {},
        onParticipantJoined: (p) => joined.push(p),
        onParticipantLeft: () => {},
        onDisconnected: () => {},
      },
    );
    try {
      // The server names both speakers in its first messages, before anything else happens.
      await until(() => connection.participants().length === 2, 3000, 'both speakers');
      expect(joined.map((p) => [p.identity, p.role])).toEqual([
        [client.id, 'client'],
        [coach.id, 'coach'],
      ]);
      sockets[0]?.send(Buffer.from(new Int16Array([100, -100, 7]).buffer));
      sockets[1]?.send(Buffer.from(new Int16Array([-3]).buffer));
      await until(() => heard.length === 2, 3000, 'both frames');
      expect(heard.sort()).toEqual(
        [
          [client.id, [100, -100, 7]],
          [coach.id, [-3]],
        ].sort(),
      );

      // The assistant's voice reaches both browsers as it was played, and a barge-in clears it.
      const received = sockets.map(() => [] as (Buffer | string)[]);
      sockets.forEach((socket, i) => {
        socket.on('message', (data, isBinary) => received[i]?.push(isBinary ? (data as Buffer) : data.toString()));
      });
      connection.playAudio(new Int16Array([1000, -1000]));
      connection.clearAudio();
      await until(() => received.every((r) => r.length === 2), 3000, 'the voice and the clear');
      for (const r of received)
        expect(r).toEqual([Buffer.from(new Int16Array([1000, -1000]).buffer), JSON.stringify({ type: 'clear' })]);
    } finally {
      await connection.leave();
      for (const socket of sockets) socket.close();
    }
  });

  test('a relay that refuses the agent is a failed join, not a lost connection', async () => {
    const { target, sockets } = await roomWithSpeakers();
    let disconnected = 0;
    const refused = await new RelayTransport({ apiUrl: server.url, token: 'not-the-agent-token-0123456789abcdef' })
      .join(
        target,
        { inputSampleRate: 16_000, outputSampleRate: 24_000, subscribeAudio: true },
        {
          onAudio: () => {},
          onAudioEnded: () => {},
          onParticipantJoined: () => {},
          onParticipantLeft: () => {},
          onDisconnected: () => {
            disconnected++;
          },
        },
      )
      .catch((err: unknown) => err);
    expect(String(refused)).toContain('refused the agent (401)');
    await new Promise((r) => setTimeout(r, 200));
    expect(disconnected).toBe(0);
    for (const socket of sockets) socket.close();
  });
});
