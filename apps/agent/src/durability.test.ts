import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TestServer } from '@hybridcoach/web/testing';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type RunningAgent, startAgent } from './agent';
import { SEQ_PER_EPOCH } from './outbox/segment';
import { DeepgramStandin } from './test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  DEEPGRAM_KEY,
  deepgramFor,
  fastRooms,
  startAgentTestServer,
  storedTranscript,
  tempDir,
  testLogger,
  until,
} from './test-support/harness';
import { type LiveRoom, liveRoom, say, spoken } from './test-support/live-room';
import { MemoryTransport } from './transport/memory-transport';

const t = useTestDatabase();
const hub = new MemoryTransport();
let server: TestServer | null = null;
let port = 0;
let standin: DeepgramStandin;
const agents: RunningAgent[] = [];

async function startServer() {
  server = await startAgentTestServer(t.db, t.url, port);
  port = Number(new URL(server.url).port);
  return server;
}

async function stopServer() {
  await server?.close();
  server = null;
}

async function startAgentIn(dataDir: string) {
  const agent = await startAgent({
    apiUrl: `http://127.0.0.1:${port}`,
    token: AGENT_TOKEN,
    logger: testLogger('agent-durability-test'),
    health: { host: '127.0.0.1', port: 0 },
    retryMs: 30,
    maxRetryMs: 100,
    // Longer than any outage here: these are the outages an agent rides out without leaving.
    rooms: fastRooms({ dataDir, transport: hub, deepgram: deepgramFor(standin), leaseMs: 20_000 }),
  });
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  await startServer();
  standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY });
});
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop({ graceful: false });
  // A room left live by one test is not up for grabs in the next.
  await t.db.appointment.updateMany({ where: { status: 'active' }, data: { status: 'completed' } });
  if (!server) await startServer();
});
afterAll(async () => {
  await standin.close();
  await stopServer();
});

const deps = () => ({ db: t.db, serverUrl: `http://127.0.0.1:${port}`, hub, standin });

/** Stored exactly what was said, in order, once each. */
async function expectExactTranscript(live: LiveRoom, said: string[]) {
  await until(async () => (await storedTranscript(t.db, live.appointment.id)).length >= said.length, 10_000, 'storage');
  await new Promise((r) => setTimeout(r, 400)); // a late duplicate would show up here
  const stored = await storedTranscript(t.db, live.appointment.id);
  expect(stored.map((s) => s.content)).toEqual(said);
  expect(new Set(stored.map((s) => s.idempotencyKey)).size).toBe(said.length);
  return stored;
}

/** Says each line in turn, waiting until the agent has it (journaled; the server may be away). */
async function sayBuffered(agent: RunningAgent, live: LiveRoom, lines: [who: 'client' | 'coach', text: string][]) {
  for (const [who, text] of lines) {
    const before = agent.metrics().segmentsReceived;
    await live.room.speak(live[who].id, await spoken(standin, text));
    await until(() => agent.metrics().segmentsReceived > before, 10_000, `"${text}" transcribed`);
  }
}

describe('when the server goes away mid-session (for less than the lease)', () => {
  test('segments are buffered and delivered after it comes back on the same port: none lost, none twice', async () => {
    const dataDir = await tempDir();
    const agent = await startAgentIn(dataDir);
    const live = await liveRoom(deps());
    await say(deps(), live, 'client', 'I tried the breathing exercise');
    await say(deps(), live, 'coach', 'How did it feel');

    await stopServer();
    await sayBuffered(agent, live, [
      ['client', 'It helped me calm down'],
      ['coach', 'That is great progress'],
    ]);
    await until(() => agent.metrics().segmentsBuffered === 2, 5000, 'the buffer');
    await until(() => agent.metrics().sendFailures > 0, 5000, 'a failed send');
    // The buffer is on disk, not only in memory.
    expect((await readdir(path.join(dataDir, 'transcripts'))).length).toBeGreaterThan(0);

    await startServer();
    await expectExactTranscript(live, [
      'I tried the breathing exercise',
      'How did it feel',
      'It helped me calm down',
      'That is great progress',
    ]);
    await until(() => agent.metrics().segmentsBuffered === 0, 5000, 'an empty buffer');
    expect(agent.metrics().roomsFenced).toBe(0);
  });

  test('an agent stopped while the server is down keeps its buffer, and its successor delivers it and carries on', async () => {
    const dataDir = await tempDir();
    const first = await startAgentIn(dataDir);
    const live = await liveRoom(deps());
    await say(deps(), live, 'client', 'My mornings are rushed');

    await stopServer();
    await sayBuffered(first, live, [
      ['client', 'I skip breakfast most days'],
      ['coach', 'Could you prepare it the night before'],
    ]);
    await until(() => first.metrics().segmentsBuffered === 2, 5000, 'the buffer');
    // A deploy: SIGTERM while the server is unreachable. Flushing fails; nothing may be lost.
    await first.stop();
    agents.splice(agents.indexOf(first), 1);

    const second = await startAgentIn(dataDir);
    await startServer();
    expect(await second.ready).toMatchObject({ status: 'connected' });
    await until(() => second.agentId() !== null, 3000, 'the agent id');
    expect(second.agentId()).toBe(first.agentId());
    // The same agent takes its room back at once (a fresh claim: epoch 2) and keeps listening.
    await until(
      () => second.rooms().some((r) => r.appointmentId === live.appointment.id && r.media === 'memory'),
      10_000,
      'the room taken back',
    );
    await say(deps(), live, 'coach', 'Let us plan tomorrow morning together');
    const stored = await expectExactTranscript(live, [
      'My mornings are rushed',
      'I skip breakfast most days',
      'Could you prepare it the night before',
      'Let us plan tomorrow morning together',
    ]);
    expect(stored.map((s) => Math.floor((s.seq ?? 0) / SEQ_PER_EPOCH))).toEqual([1, 1, 1, 2]);
    expect(await t.db.agentAssignment.findUnique({ where: { appointmentId: live.appointment.id } })).toMatchObject({
      status: 'claimed',
      agentId: first.agentId(),
      claims: 2,
    });
  });

  test('an agent killed while the server is down loses nothing either: the journal is replayed on restart', async () => {
    const dataDir = await tempDir();
    const first = await startAgentIn(dataDir);
    const live = await liveRoom(deps());
    await stopServer();
    await sayBuffered(first, live, [
      ['client', 'I want to walk every evening'],
      ['client', 'But it gets dark so early'],
    ]);
    await until(() => first.metrics().segmentsBuffered === 2, 5000, 'the buffer');
    await first.stop({ graceful: false });
    agents.splice(agents.indexOf(first), 1);

    await startServer();
    const second = await startAgentIn(dataDir);
    await expectExactTranscript(live, ['I want to walk every evening', 'But it gets dark so early']);
    await until(() => second.metrics().segmentsBuffered === 0, 5000, 'an empty buffer');
    // Delivered journals are removed; only the current claim's remains.
    await until(
      async () => (await readdir(path.join(dataDir, 'transcripts'))).every((f) => f.endsWith('.2.jsonl')),
      5000,
      'old journals to go',
    );
  });
});
