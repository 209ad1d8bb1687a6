import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TestServer } from '@hybridcoach/web/testing';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startAgent } from './agent';
import type { AgentProcessCommand, AgentProcessConfig, AgentProcessReport } from './test-support/agent-process';
import { DeepgramStandin } from './test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  createRoom,
  DEEPGRAM_KEY,
  deepgramFor,
  fastRooms,
  signIn,
  startAgentTestServer,
  storedTranscript,
  tempDir,
  testLogger,
  until,
} from './test-support/harness';
import { type LiveRoom, liveRoom, say, spoken } from './test-support/live-room';
import { TcpProxy } from './test-support/tcp-proxy';
import { MemoryTransport } from './transport/memory-transport';

const t = useTestDatabase();
let server: TestServer;
let standin: DeepgramStandin;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startAgentTestServer(t.db, t.url);
  standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY });
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await t.db.appointment.updateMany({ where: { status: 'active' }, data: { status: 'completed' } });
});
afterAll(async () => {
  await standin.close();
  await server.close();
});

async function agentVia(apiUrl: string, options: { agentId: string; hub: MemoryTransport; leaseMs: number }) {
  const agent = await startAgent({
    apiUrl,
    token: AGENT_TOKEN,
    logger: testLogger(options.agentId),
    health: { host: '127.0.0.1', port: 0 },
    retryMs: 30,
    maxRetryMs: 200,
    requestTimeoutMs: 1000,
    rooms: fastRooms({
      dataDir: await tempDir(),
      agentId: options.agentId,
      transport: options.hub,
      deepgram: deepgramFor(standin),
      leaseMs: options.leaseMs,
    }),
  });
  cleanup.push(() => agent.stop({ graceful: false }));
  return agent;
}

/** Every line once, in order, and nothing else: none lost, none twice. */
async function expectTranscript(appointmentId: string, lines: string[]) {
  await until(async () => (await storedTranscript(t.db, appointmentId)).length >= lines.length, 15_000, 'storage');
  await new Promise((r) => setTimeout(r, 500)); // a late duplicate would show up here
  const stored = await storedTranscript(t.db, appointmentId);
  expect(stored.map((s) => `${s.sender}: ${s.content}`)).toEqual(lines);
}

const claimsOf = (appointmentId: string) =>
  t.db.agentClaim.findMany({
    where: { appointmentId },
    orderBy: { epoch: 'asc' },
    select: { epoch: true, agentId: true },
  });

describe('one writer per room', () => {
  test('an agent cut off from the API leaves the room before its lease can lapse; what it heard arrives later, once', async () => {
    const proxy = await TcpProxy.start(Number(new URL(server.url).port));
    cleanup.push(() => proxy.close());
    const hubA = new MemoryTransport();
    const a = await agentVia(proxy.url, { agentId: 'cut-off', hub: hubA, leaseMs: 6000 });
    const live: LiveRoom = await liveRoom({ db: t.db, serverUrl: server.url, hub: hubA, standin });
    const deps = { db: t.db, serverUrl: server.url, hub: hubA, standin };
    await say(deps, live, 'client', 'The walks are going well');

    proxy.partition();
    // Still proven: it hears this, journals it, and cannot send it.
    const received = a.metrics().segmentsReceived;
    await live.room.speak(live.client.id, await spoken(standin, 'I walked four times this week'));
    await until(() => a.metrics().segmentsReceived > received, 5000, 'the words heard during the partition');
    // Then, unable to prove its lease, it leaves: it no longer listens, it will not speak.
    await until(() => a.metrics().roomsFenced === 1, 8000, 'the agent to fence itself');
    expect(live.room.agentIdentity).toBeNull();
    // Once the API has been silent for longer than the lease, it says it is unhealthy.
    await until(
      async () => (await fetch(`http://127.0.0.1:${a.healthPort}/healthz`)).status === 503,
      8000,
      'unhealthy',
    );

    // Another agent takes the room over (in the same media room) once the lease has lapsed.
    const b = await agentVia(server.url, { agentId: 'heir', hub: hubA, leaseMs: 10_000 });
    await until(() => live.room.agentIdentity === 'agent-heir', 15_000, 'the heir in the room');
    await say(deps, live, 'coach', 'That is a real change');

    proxy.heal();
    await until(() => a.metrics().segmentsBuffered === 0, 15_000, 'the cut-off agent’s journal delivered');
    await expectTranscript(live.appointment.id, [
      'client: The walks are going well',
      'client: I walked four times this week',
      'coach: That is a real change',
    ]);
    expect(await claimsOf(live.appointment.id)).toEqual([
      { epoch: 1, agentId: 'cut-off' },
      { epoch: 2, agentId: 'heir' },
    ]);
    expect(b.metrics().roomsFenced).toBe(0);
    // Back in touch, it is healthy again; the room stays the heir's.
    await until(
      async () => (await fetch(`http://127.0.0.1:${a.healthPort}/healthz`)).status === 200,
      8000,
      'healthy again',
    );
    expect(a.rooms()).toEqual([]);
  });

  test('a paused agent (SIGSTOP) resumes after another took its room: it stores what it heard before, and nothing after', async () => {
    const proxy = await TcpProxy.start(Number(new URL(server.url).port));
    cleanup.push(() => proxy.close());
    const config: AgentProcessConfig = {
      apiUrl: proxy.url,
      deepgram: { agentUrl: standin.agentUrl, apiUrl: standin.apiUrl },
      dataDir: await tempDir(),
      agentId: 'paused',
      leaseMs: 6000,
    };
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./test-support/agent-process.ts', import.meta.url))],
      {
        env: { ...process.env, HC_AGENT_PROCESS: JSON.stringify(config) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    cleanup.push(async () => {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    });
    const paused = remote(child);
    await paused.ready;

    const fixture = await createRoom(t.db);
    const { appointment, client, coach } = fixture;
    for (const person of [client, coach])
      await (await signIn(server.url, person.id)).session.join.mutate({ appointmentId: appointment.id });
    const people = [
      { identity: client.id, role: 'client' as const },
      { identity: coach.id, role: 'coach' as const },
    ];
    paused.send({ type: 'room', roomId: appointment.roomId, people });
    await until(
      async () => (await paused.report()).inRoom[appointment.roomId] === 'agent-paused',
      20_000,
      'in the room',
    );
    const lines = ['I kept a sleep diary', 'I went to bed at ten each night', 'Let us look at the diary together'];
    const speech = await Promise.all(lines.map((text) => spoken(standin, text)));
    const said = (i: number, identity: string): AgentProcessCommand => ({
      type: 'speak',
      roomId: appointment.roomId,
      identity,
      pcm: Buffer.from(speech[i]?.buffer ?? new ArrayBuffer(0)).toString('base64'),
    });

    paused.send(said(0, client.id));
    await until(async () => (await storedTranscript(t.db, appointment.id)).length === 1, 10_000, 'the first line');
    // Heard and journaled, not yet delivered: then the process is paused.
    proxy.partition();
    const heard = (await paused.report()).metrics.segmentsReceived;
    paused.send(said(1, client.id));
    await until(async () => (await paused.report()).metrics.segmentsReceived > heard, 5000, 'the second line heard');
    child.kill('SIGSTOP');

    // Another agent takes the room over and hears the coach; the paused one's audio queues up.
    const hubB = new MemoryTransport();
    for (const person of people) hubB.room(appointment.roomId).addParticipant(person);
    await agentVia(server.url, { agentId: 'successor', hub: hubB, leaseMs: 10_000 });
    await until(() => hubB.room(appointment.roomId).agentIdentity === 'agent-successor', 20_000, 'the successor');
    paused.send(said(2, coach.id));
    await hubB.room(appointment.roomId).speak(coach.id, speech[2] ?? new Int16Array(0));
    await until(
      async () => (await storedTranscript(t.db, appointment.id)).length === 2,
      10_000,
      'the successor’s line',
    );

    // It wakes up with a journal to deliver and the coach's words to hear, and no lease.
    proxy.heal();
    child.kill('SIGCONT');
    await until(async () => (await paused.report()).metrics.segmentsBuffered === 0, 15_000, 'its journal delivered');
    const after = await paused.report();
    expect(after.metrics.roomsFenced + after.metrics.roomsLost).toBe(1);
    // The coach's words reached it after it woke: not transcribed (no lease), not stored twice.
    expect(after.metrics.segmentsReceived).toBe(2);
    expect(after.inRoom[appointment.roomId]).not.toBe('agent-paused');
    await expectTranscript(appointment.id, [`client: ${lines[0]}`, `client: ${lines[1]}`, `coach: ${lines[2]}`]);
    expect(await claimsOf(appointment.id)).toEqual([
      { epoch: 1, agentId: 'paused' },
      { epoch: 2, agentId: 'successor' },
    ]);
  });
});

/** Commands to the agent process, and its reports. */
function remote(child: ChildProcess) {
  let next = 0;
  const waiting = new Map<number, (report: AgentProcessReport) => void>();
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });
  child.on('message', (m: { type: 'ready' } | AgentProcessReport) => {
    if (m.type === 'ready') readyResolve();
    else waiting.get(m.id)?.(m);
  });
  return {
    ready,
    send: (command: AgentProcessCommand) => child.send(command),
    report: () =>
      new Promise<AgentProcessReport>((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        child.send({ type: 'report', id } satisfies AgentProcessCommand);
      }),
  };
}
