// Agent benchmarks, on embedded PostgreSQL with the real web server and the Deepgram stand-in:
// 1. Segment latency: from a ConversationText reaching the agent to the same words arriving on a
//    participant's live subscription (agent → outbox journal → tRPC batch → Postgres →
//    LISTEN/NOTIFY → SSE). p50 and p99 over a few hundred turns.
// 2. Agent CPU per active room: the agent runs in a child process serving N voice rooms whose
//    two participants speak real espeak audio in real time; process.cpuUsage over a fixed period,
//    divided by N. The idle agent (no rooms) is measured first for reference.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@hybridcoach/config';
import { type RunningAgent, startAgent } from '../apps/agent/src/agent';
import { DeepgramStandin } from '../apps/agent/src/test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  createRoom,
  DEEPGRAM_KEY,
  deepgramFor,
  LIVEKIT,
  signIn,
  tempDir,
} from '../apps/agent/src/test-support/harness';
import { silence, speak } from '../apps/agent/src/test-support/speech';
import { MemoryTransport } from '../apps/agent/src/transport/memory-transport';
import { startTestServer } from '../apps/web/server/testing';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median, percentile } from './lib';

/** Paced: a turn every 200 ms (brisker than real talk); burst: every 20 ms, to show batching. */
const PACED = { turns: Number(process.env.BENCH_AGENT_TURNS ?? 150), intervalMs: 200 };
const BURST = { turns: 250, intervalMs: 20 };
const ROOMS = Number(process.env.BENCH_AGENT_ROOMS ?? 10);
const CPU_PERIOD_MS = Number(process.env.BENCH_AGENT_CPU_MS ?? 10_000);
const IDLE_PERIOD_MS = 3000;

const quiet = createLogger('bench-agent', 'silent');

type StandinUrls = Pick<DeepgramStandin, 'agentUrl' | 'apiUrl'>;

function roomsFor(dataDir: string, transport: MemoryTransport, standin: StandinUrls, maxRooms: number) {
  return {
    dataDir,
    maxRooms,
    leaseMs: 30_000,
    claimIntervalMs: 200,
    tickMs: 10_000,
    endGraceMs: 60_000,
    shutdownFlushMs: 2000,
    deepgram: deepgramFor(standin),
    transport,
  };
}

/** A live appointment both people joined; they are in the in-memory room. */
async function joinedRoom(db: Parameters<typeof createRoom>[0], serverUrl: string, hub: MemoryTransport) {
  const fixture = await createRoom(db);
  const clientApi = await signIn(serverUrl, fixture.client.id);
  const coachApi = await signIn(serverUrl, fixture.coach.id);
  await clientApi.session.join.mutate({ appointmentId: fixture.appointment.id });
  await coachApi.session.join.mutate({ appointmentId: fixture.appointment.id });
  const room = hub.room(fixture.appointment.roomId);
  room.addParticipant({ identity: fixture.client.id, role: 'client' });
  room.addParticipant({ identity: fixture.coach.id, role: 'coach' });
  return { ...fixture, clientApi, room };
}

async function waitFor(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function latency(
  db: Parameters<typeof createRoom>[0],
  serverUrl: string,
  standin: DeepgramStandin,
  pace: { turns: number; intervalMs: number },
) {
  const hub = new MemoryTransport();
  const received = new Map<string, number>();
  const agent: RunningAgent = await startAgent({
    apiUrl: serverUrl,
    token: AGENT_TOKEN,
    logger: quiet,
    health: { host: '127.0.0.1', port: 0 },
    rooms: {
      ...roomsFor(await tempDir(), hub, standin, 1),
      observer: (e) => received.set(e.content, e.at),
    },
  });
  try {
    const room = await joinedRoom(db, serverUrl, hub);
    await waitFor(() => agent.rooms().some((r) => r.voice === 'live' && r.media === 'memory'), 15_000, 'the agent');
    const delivered = new Map<string, number>();
    const sub = room.clientApi.session.events.subscribe(
      { appointmentId: room.appointment.id, lastEventId: null },
      {
        onData: (e) => {
          if (e.data.type === 'message' && e.data.message.kind === 'transcript')
            delivered.set(e.data.message.content, performance.now());
        },
        onError: () => {},
      },
    );
    try {
      const warmup = 20;
      const tag = room.appointment.id.slice(-6);
      const text = (i: number) => `turn ${i} in ${tag}: the client describes how the week went`;
      for (let i = 0; i < pace.turns + warmup; i++) {
        standin.emit(i % 2 ? 'assistant' : 'user', text(i));
        await new Promise((r) => setTimeout(r, pace.intervalMs));
      }
      await waitFor(() => delivered.size >= pace.turns + warmup, 60_000, 'every turn on the subscription');
      const ms: number[] = [];
      for (let i = warmup; i < pace.turns + warmup; i++) {
        const content = text(i);
        const from = received.get(content);
        const to = delivered.get(content);
        if (from !== undefined && to !== undefined) ms.push(to - from);
      }
      return ms;
    } finally {
      sub.unsubscribe();
      // Over: no later agent of this run may pick the room up again.
      await db.appointment.update({ where: { id: room.appointment.id }, data: { status: 'completed' } });
    }
  } finally {
    await agent.stop();
  }
}

interface CpuReport {
  idle: { userUs: number; systemUs: number; wallMs: number };
  busy: {
    userUs: number;
    systemUs: number;
    wallMs: number;
    rooms: number;
    segments: number;
    eventLoopUtilization: number;
  };
}

interface BenchRoom {
  roomId: string;
  people: string[];
}

/** The agent in a child process (its own CPU account); the parent runs server, database and stand-in. */
async function cpuPerRoom(db: Parameters<typeof createRoom>[0], serverUrl: string, standin: DeepgramStandin) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      HC_AGENT_BENCH_CHILD: JSON.stringify({
        serverUrl,
        agentUrl: standin.agentUrl,
        apiUrl: standin.apiUrl,
        rooms: ROOMS,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: { type: string; report?: CpuReport }[] = [];
  child.on('message', (m) => messages.push(m as { type: string }));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor(() => messages.some((m) => m.type === 'idle-measured'), 60_000, 'the idle measurement');
    const rooms: BenchRoom[] = [];
    for (let i = 0; i < ROOMS; i++) {
      const room = await joinedRoom(db, serverUrl, new MemoryTransport());
      rooms.push({ roomId: room.appointment.roomId, people: [room.client.id, room.coach.id] });
    }
    child.send({ type: 'rooms', rooms });
    await waitFor(() => messages.some((m) => m.type === 'report'), 120_000, 'the CPU report');
    return messages.find((m) => m.type === 'report')?.report as CpuReport;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

/** Child side: serve the rooms; their participants are simulated here, speaking in real time. */
async function cpuChild(config: { serverUrl: string; agentUrl: string; apiUrl: string; rooms: number }) {
  const send = (message: object) => process.send?.(message);
  const roomsMessage = new Promise<BenchRoom[]>((resolve) =>
    process.on('message', (m: { type?: string; rooms?: BenchRoom[] }) => {
      if (m.type === 'rooms' && m.rooms) resolve(m.rooms);
    }),
  );
  const hub = new MemoryTransport();
  const standinUrls: StandinUrls = { agentUrl: config.agentUrl, apiUrl: config.apiUrl };
  const agent = await startAgent({
    apiUrl: config.serverUrl,
    token: AGENT_TOKEN,
    logger: quiet,
    health: { host: '127.0.0.1', port: 0 },
    rooms: roomsFor(await tempDir(), hub, standinUrls, config.rooms),
  });
  await agent.ready;
  await new Promise((r) => setTimeout(r, 2000)); // start-up work (JIT, first claims) is not idling
  const idleStart = process.cpuUsage();
  const idleWall = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_PERIOD_MS));
  const idleCpu = process.cpuUsage(idleStart);
  const idle = { userUs: idleCpu.user, systemUs: idleCpu.system, wallMs: performance.now() - idleWall };
  send({ type: 'idle-measured' });

  const rooms = await roomsMessage;
  for (const room of rooms) {
    const [client, coach] = room.people;
    if (client) hub.room(room.roomId).addParticipant({ identity: client, role: 'client' });
    if (coach) hub.room(room.roomId).addParticipant({ identity: coach, role: 'coach' });
  }
  await waitFor(
    () => agent.rooms().filter((r) => r.voice === 'live' && r.media === 'memory').length === config.rooms,
    60_000,
    'every room live',
  );
  // In each room the client and the coach take turns: a sentence, a pause, in real time (one
  // 20 ms frame per room per tick); rooms are offset so that they do not speak in lockstep.
  const lines = [
    'I have been sleeping badly this week',
    'What happens when you go to bed at night',
    'My thoughts start racing about work',
    'Let us try a breathing exercise tonight',
  ];
  const pause = silence(1500);
  const script = await Promise.all(lines.map(async (line, i) => ({ pcm: await speak(line), speaker: i % 2 })));
  const frames = script.flatMap(({ pcm, speaker }) =>
    [...chunks(pcm), ...chunks(pause)].map((frame) => ({ frame, speaker })),
  );
  let tick = 0;
  const feeder = setInterval(() => {
    tick++;
    rooms.forEach((room, i) => {
      const step = frames[(tick + i * 37) % frames.length];
      const who = step && room.people[step.speaker];
      if (step && who) void hub.room(room.roomId).speak(who, step.frame);
    });
  }, 20);
  await new Promise((r) => setTimeout(r, 2000)); // warm-up
  const segmentsBefore = agent.metrics().segmentsReceived;
  const elu = performance.eventLoopUtilization();
  const start = process.cpuUsage();
  const wall = performance.now();
  await new Promise((r) => setTimeout(r, CPU_PERIOD_MS));
  const cpu = process.cpuUsage(start);
  const busy = {
    userUs: cpu.user,
    systemUs: cpu.system,
    wallMs: performance.now() - wall,
    rooms: agent.rooms().length,
    segments: agent.metrics().segmentsReceived - segmentsBefore,
    eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
  };
  clearInterval(feeder);
  send({ type: 'report', report: { idle, busy } satisfies CpuReport });
  await agent.stop({ graceful: false });
  process.exit(0);
}

/** 20 ms frames at 16 kHz. */
function* chunks(pcm: Int16Array): Generator<Int16Array> {
  for (let at = 0; at < pcm.length; at += 320) yield pcm.subarray(at, at + 320);
}

export async function agentBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(12);
  const server = await startTestServer({
    db: bench.db,
    databaseUrl: bench.url,
    serviceTokens: { agent: AGENT_TOKEN },
    settings: { livekit: LIVEKIT },
  });
  const standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY });
  try {
    const ms = await latency(bench.db, server.url, standin, PACED);
    log('segment latency, paced', { p50: percentile(ms, 50), p99: percentile(ms, 99), n: ms.length });
    const burst = await latency(bench.db, server.url, standin, BURST);
    log('segment latency, burst', { p50: percentile(burst, 50), p99: percentile(burst, 99), n: burst.length });
    const cpu = await cpuPerRoom(bench.db, server.url, standin);
    const busyPercent = ((cpu.busy.userUs + cpu.busy.systemUs) / 1000 / cpu.busy.wallMs) * 100;
    const idlePercent = ((cpu.idle.userUs + cpu.idle.systemUs) / 1000 / cpu.idle.wallMs) * 100;
    log('agent cpu', { busyPercent, idlePercent, rooms: cpu.busy.rooms, segments: cpu.busy.segments });
    return {
      suite: 'agent',
      metrics: {
        segmentLatencyP50Ms: {
          value: Math.round(median(ms) * 10) / 10,
          unit: 'ms',
          note: `${ms.length} ConversationTexts, one every ${PACED.intervalMs} ms, from the agent receiving each to a participant's SSE subscription: journal + fsync, agent.appendTranscript over HTTP (the server's transaction), Postgres NOTIFY, SSE`,
        },
        segmentLatencyP99Ms: { value: Math.round(percentile(ms, 99) * 10) / 10, unit: 'ms' },
        burstSegmentLatencyP50Ms: {
          value: Math.round(median(burst) * 10) / 10,
          unit: 'ms',
          note: `${burst.length} ConversationTexts one every ${BURST.intervalMs} ms: they queue behind the call in flight and go in batches`,
        },
        burstSegmentLatencyP99Ms: { value: Math.round(percentile(burst, 99) * 10) / 10, unit: 'ms' },
        agentCpuPerRoomPercent: {
          value: Math.round((busyPercent / cpu.busy.rooms) * 100) / 100,
          unit: '% of one core per room',
          note: `${cpu.busy.rooms} voice rooms, two participants each speaking espeak audio in real time (16 kHz, 20 ms frames), mixed and streamed to the Voice Agent stand-in, agent speech played back, ${cpu.busy.segments} segments persisted in ${Math.round(cpu.busy.wallMs / 1000)} s; the simulated participants run in the agent's process and are included`,
        },
        agentCpuTotalPercent: { value: Math.round(busyPercent * 10) / 10, unit: '% of one core' },
        agentEventLoopUtilization: { value: Math.round(cpu.busy.eventLoopUtilization * 1000) / 1000, unit: 'ratio' },
        agentCpuIdlePercent: {
          value: Math.round(idlePercent * 100) / 100,
          unit: '% of one core',
          note: 'the agent with no rooms (claim polling, health server)',
        },
      },
    };
  } finally {
    await standin.close();
    await server.close();
    await bench.close();
  }
}

if (process.env.HC_AGENT_BENCH_CHILD) await cpuChild(JSON.parse(process.env.HC_AGENT_BENCH_CHILD));
