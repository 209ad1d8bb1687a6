import { createServiceClient } from '@hybridcoach/api/client';
import type { RelayToAgent, RelayToBrowser } from '@hybridcoach/api/wire';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
const agentToken = 'relay-test-agent-token-0123456789abcdef';
let server: TestServer;
let videoServer: TestServer;

beforeAll(async () => {
  server = await startTestServer({ db: t.db, serviceTokens: { agent: agentToken } });
  videoServer = await startTestServer({
    db: t.db,
    settings: {
      livekit: { url: 'wss://livekit.test', apiKey: 'APItestkey', apiSecret: 'test-secret-that-is-long-enough-0123' },
    },
  });
});
afterAll(async () => {
  await server.close();
  await videoServer.close();
});

const wsUrl = (at: TestServer, path: string) => `${at.url.replace(/^http/, 'ws')}${path}`;

/** A signed-in browser's cookie header. */
async function cookieOf(userId: string, at: TestServer = server): Promise<string> {
  const browser = createBrowserClient(at.url);
  await browser.client.dev.signInAs.mutate({ userId });
  return [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

type Opened = WebSocket & { seen: ReturnType<typeof collect> };

/**
 * Opens a socket, collecting what it receives from the first byte; resolves with it once open, or
 * with the HTTP status it was refused with.
 */
function open(url: string, headers: Record<string, string>): Promise<Opened | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers }) as Opened;
    ws.seen = collect(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

function speakerSocket(at: TestServer, appointmentId: string, cookie: string, origin = at.url) {
  return open(wsUrl(at, `/relay/${appointmentId}`), { cookie, origin });
}

/** Collects what a socket receives: JSON messages and binary frames. */
function collect(ws: WebSocket) {
  const json: unknown[] = [];
  const frames: Buffer[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (data, isBinary) => {
    if (isBinary) frames.push(data as Buffer);
    else json.push(JSON.parse(data.toString()));
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
  });
  return { json, frames, closed: () => closed };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 8000, what = 'condition') => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A live appointment both people joined, and the agent's claim on it. */
async function liveRoom() {
  const { appointment, client, coach } = await t.given.appointment({ startsAt: new Date(Date.now() - 5 * 60_000) });
  for (const who of [client, coach]) {
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId: who.id });
    await browser.client.session.join.mutate({ appointmentId: appointment.id });
  }
  const agentApi = createServiceClient({ url: server.url, token: agentToken });
  const agentId = `relay-test-${appointment.id.slice(0, 8)}`;
  const claimed = await agentApi.agent.claim.mutate({ agentId, max: 5, leaseMs: 60_000 });
  const room = claimed.find((c) => c.appointmentId === appointment.id);
  return { appointment, client, coach, agentId, relay: room?.relay ?? null };
}

describe('the transcription relay', () => {
  test('refuses what it must: no sign-in, a foreign page, strangers, rooms not live, LiveKit rooms, the wrong agent', async () => {
    const { appointment, client } = await t.given.appointment({ startsAt: new Date(Date.now() - 5 * 60_000) });
    const stranger = await t.given.client();
    const clientCookie = await cookieOf(client.id);
    expect(await speakerSocket(server, appointment.id, '')).toBe(401);
    expect(await speakerSocket(server, appointment.id, clientCookie, 'https://evil.example')).toBe(403);
    expect(await speakerSocket(server, appointment.id, await cookieOf(stranger.id))).toBe(404);
    // Scheduled, nobody joined: not live yet.
    expect(await speakerSocket(server, appointment.id, clientCookie)).toBe(409);
    expect(await speakerSocket(videoServer, appointment.id, await cookieOf(client.id, videoServer))).toBe(400);
    expect(await open(wsUrl(server, `/relay/${appointment.id}/agent?agentId=x`), {})).toBe(401);
    expect(
      await open(wsUrl(server, `/relay/${appointment.id}/agent?agentId=x`), {
        authorization: `Bearer ${agentToken}`,
      }),
    ).toBe(403);
    expect(await open(wsUrl(server, '/relay/not%20an%20id'), { cookie: clientCookie, origin: server.url })).toBe(404);
  });

  test('each speaker reaches the agent on their own slot, only while it listens; mute and leave are told', async () => {
    const { appointment, client, coach, agentId, relay } = await liveRoom();
    expect(relay?.url).toBe(`/relay/${appointment.id}/agent?agentId=${agentId}`);
    const clientSocket = await speakerSocket(server, appointment.id, await cookieOf(client.id));
    if (typeof clientSocket === 'number') throw new Error(`refused ${clientSocket}`);
    const atClient = clientSocket.seen;
    await until(() => atClient.json.length > 0, 5000, 'the listening state');
    expect(atClient.json[0]).toEqual({ type: 'listening', listening: false } satisfies RelayToBrowser);

    const agent = await open(wsUrl(server, relay?.url ?? ''), { authorization: `Bearer ${agentToken}` });
    if (typeof agent === 'number') throw new Error(`agent refused ${agent}`);
    const atAgent = agent.seen;
    await until(() => atClient.json.length > 1, 5000, 'listening');
    expect(atClient.json[1]).toEqual({ type: 'listening', listening: true });
    const coachSocket = await speakerSocket(server, appointment.id, await cookieOf(coach.id));
    if (typeof coachSocket === 'number') throw new Error(`refused ${coachSocket}`);

    clientSocket.send(Buffer.from(new Int16Array([1, 2, 3, 4]).buffer));
    coachSocket.send(Buffer.from(new Int16Array([-5, -6]).buffer));
    await until(() => atAgent.frames.length === 2, 5000, 'both frames');
    const participants = [...atAgent.json] as RelayToAgent[];
    const slotOf = (identity: string) =>
      participants.find((p) => p.type === 'participant' && p.identity === identity && p.joined)?.slot;
    expect(participants.filter((p) => p.type === 'participant').map((p) => p.type === 'participant' && p.role)).toEqual(
      ['client', 'coach'],
    );
    const clientSlot = slotOf(client.id);
    const coachSlot = slotOf(coach.id);
    expect(clientSlot).not.toBe(coachSlot);
    const byFirstByte = new Map(atAgent.frames.map((f) => [f[0], f.subarray(1)]));
    expect([...new Int16Array(new Uint8Array(byFirstByte.get(clientSlot ?? -1) ?? []).buffer)]).toEqual([1, 2, 3, 4]);
    expect([...new Int16Array(new Uint8Array(byFirstByte.get(coachSlot ?? -1) ?? []).buffer)]).toEqual([-5, -6]);

    // Muted: told to the agent, and frames sent meanwhile go nowhere.
    clientSocket.send(JSON.stringify({ type: 'microphone', on: false }));
    clientSocket.send(Buffer.from(new Int16Array([9, 9]).buffer));
    await until(() => atAgent.json.some((m) => (m as RelayToAgent).type === 'audio_ended'), 5000, 'audio_ended');
    expect(atAgent.json.at(-1)).toEqual({ type: 'audio_ended', slot: clientSlot });
    expect(atAgent.frames).toHaveLength(2);

    // The assistant's voice goes to every browser of the room; a barge-in clears what is queued.
    const voice = Buffer.from(new Int16Array([11, -12, 13]).buffer);
    agent.send(voice);
    agent.send(JSON.stringify({ type: 'clear' }));
    for (const socket of [clientSocket, coachSocket]) {
      await until(() => socket.seen.frames.length === 1, 5000, 'the voice');
      expect(socket.seen.frames[0]).toEqual(voice);
      await until(() => socket.seen.json.some((m) => (m as RelayToBrowser).type === 'clear'), 5000, 'the clear');
    }

    coachSocket.close();
    await until(
      () => atAgent.json.some((m) => (m as RelayToAgent).type === 'participant' && !(m as { joined: boolean }).joined),
      5000,
      'the leave',
    );
    expect(atAgent.json.at(-1)).toEqual({
      type: 'participant',
      slot: coachSlot,
      identity: coach.id,
      role: 'coach',
      joined: false,
    });
    clientSocket.close();
    agent.close();
  });

  test('a pause or the assistant turned off closes an open speaker socket and refuses new ones', async () => {
    const { appointment, client, coach } = await liveRoom();
    const cookie = await cookieOf(client.id);
    const socket = await speakerSocket(server, appointment.id, cookie);
    if (typeof socket === 'number') throw new Error(`refused ${socket}`);
    const seen = socket.seen;
    const coachApi = createBrowserClient(server.url);
    await coachApi.client.dev.signInAs.mutate({ userId: coach.id });
    await coachApi.client.privacy.pauseTranscription.mutate({ appointmentId: appointment.id });
    await until(() => seen.closed() !== null, 8000, 'the socket closed at the re-check');
    expect(seen.closed()).toEqual({ code: 4403, reason: 'Transcription is paused.' });
    expect(await speakerSocket(server, appointment.id, cookie)).toBe(403);
    await coachApi.client.privacy.resumeTranscription.mutate({ appointmentId: appointment.id });
    const back = await speakerSocket(server, appointment.id, cookie);
    expect(typeof back).not.toBe('number');
    if (typeof back !== 'number') back.close();

    await t.db.appointment.update({ where: { id: appointment.id }, data: { aiOffAt: new Date() } });
    expect(await speakerSocket(server, appointment.id, cookie)).toBe(403);
  });
});
