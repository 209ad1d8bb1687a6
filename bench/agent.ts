// Agent benchmarks, on embedded PostgreSQL with the real web server and the Deepgram stand-in,
// each participant transcribed on their own live speech-to-text stream:
// 1. Latency, two participants talking at once in real time (espeak speech, 20 ms frames):
//    - speech to caption: from the audio frame that completed an interim result being handed to
//      the agent to that caption on a participant's live feed (agent → stand-in → agent →
//      agent.caption → NOTIFY payload → SSE);
//    - speech to stored segment: from the utterance's last voiced frame to its segment on the
//      live feed; it includes the 300 ms of silence Deepgram waits for an endpoint
//      (`endpointing`), then journal + fsync, agent.appendTranscript, Postgres, NOTIFY, SSE;
//    - final to stored segment: from the stand-in sending the final result to the same arrival
//      (the agent's and the server's share only).
// 2. Agent CPU per voice room: the agent runs in a child process serving N rooms whose two
//    participants speak real espeak audio in real time, each on their own stream;
//    process.cpuUsage over a fixed period, divided by N. The idle agent is measured first.
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
import { silence, speak, utterance } from '../apps/agent/src/test-support/speech';
import { MemoryTransport } from '../apps/agent/src/transport/memory-transport';
import { startTestServer } from '../apps/web/server/testing';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median, percentile } from './lib';

const TURNS = Number(process.env.BENCH_AGENT_TURNS ?? 24);
const ROOMS = Number(process.env.BENCH_AGENT_ROOMS ?? 10);
const CPU_PERIOD_MS = Number(process.env.BENCH_AGENT_CPU_MS ?? 10_000);
const IDLE_PERIOD_MS = 3000;
const RATE = 16_000;
const FRAME = 320; // 20 ms

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

const NUMBERS = 'one two three four five six seven eight nine ten eleven twelve'.split(' ');
const spokenNumber = (i: number) => `${NUMBERS[Math.floor(i / 12) % 12]} ${NUMBERS[i % 12]}`;

/** One participant's stream as the agent received it: when each frame was handed over. */
class FeedLog {
  private readonly ends: number[] = [];
  private readonly times: number[] = [];
  private samples = 0;
  fed(samples: number, at: number) {
    this.samples += samples;
    this.ends.push(this.samples);
    this.times.push(at);
  }
  /** When the frame holding audio time `sec` was handed to the agent. */
  at(sec: number): number | null {
    const sample = Math.round(sec * RATE);
    let lo = 0;
    let hi = this.ends.length - 1;
    if (hi < 0 || sample > (this.ends[hi] ?? 0)) return null;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] ?? 0) >= sample) hi = mid;
      else lo = mid + 1;
    }
    return this.times[lo] ?? null;
  }
}

async function latency(db: Parameters<typeof createRoom>[0], serverUrl: string, standin: DeepgramStandin) {
  const hub = new MemoryTransport();
  const agent: RunningAgent = await startAgent({
    apiUrl: serverUrl,
    token: AGENT_TOKEN,
    logger: quiet,
    health: { host: '127.0.0.1', port: 0 },
    rooms: roomsFor(await tempDir(), hub, standin, 1),
  });
  try {
    const room = await joinedRoom(db, serverUrl, hub);
    await waitFor(() => agent.rooms().some((r) => r.media === 'memory'), 15_000, 'the agent');
    const who = [room.client.id, room.coach.id];
    const texts = who.map((_, w) =>
      Array.from({ length: TURNS }, (_, i) => `${w ? 'Coach' : 'Client'} line ${spokenNumber(i)}, how the week went`),
    );
    const speech = await Promise.all(texts.map((lines) => Promise.all(lines.map((t) => utterance(t, RATE, 900)))));
    texts.forEach((lines, w) => {
      lines.forEach((t, i) => {
        standin.hear(speech[w]?.[i] ?? new Int16Array(0), t);
      });
    });

    const logs = [new FeedLog(), new FeedLog()];
    const firstConnection = standin.listens.length + 1;
    // The client starts first, so the client's stream is the first new connection.
    const connectionOf = (c: number) => (c === firstConnection ? 0 : c === firstConnection + 1 ? 1 : null);
    const sent: {
      participant: number;
      isFinal: boolean;
      text: string;
      at: number | null;
      speechEnd: number | null;
      sentAt: number;
    }[] = [];
    standin.observeResults = (r) => {
      const participant = connectionOf(r.connection);
      if (participant === null || !r.text) return;
      const log = logs[participant];
      sent.push({
        participant,
        isFinal: r.isFinal,
        text: r.text,
        at: log?.at(r.audioSec) ?? null,
        speechEnd: r.lastLoudSec === null ? null : (log?.at(r.lastLoudSec) ?? null),
        sentAt: performance.now(),
      });
    };
    const captionsSeen = new Map<string, number>();
    const segmentsSeen = new Map<string, number>();
    const sub = room.clientApi.session.events.subscribe(
      { appointmentId: room.appointment.id, lastEventId: null },
      {
        onData: (e) => {
          if (e.data.type === 'caption' && !captionsSeen.has(e.data.text))
            captionsSeen.set(e.data.text, performance.now());
          if (e.data.type === 'message' && e.data.message.kind === 'transcript')
            segmentsSeen.set(e.data.message.content, performance.now());
        },
        onError: () => {},
      },
    );
    try {
      // Both talk at once, in real time: one 20 ms frame each per tick.
      await Promise.all(
        who.map(async (identity, w) => {
          if (w === 1) await new Promise((r) => setTimeout(r, 1000));
          const pcm = Int16Array.from(speech[w]?.flatMap((u) => [...u]) ?? []);
          const start = performance.now();
          for (let at = 0, n = 0; at < pcm.length; at += FRAME, n++) {
            const frame = pcm.subarray(at, at + FRAME);
            logs[w]?.fed(frame.length, performance.now());
            room.room.speak(identity, frame);
            const next = start + (n + 1) * 20;
            await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
          }
        }),
      );
      await waitFor(() => segmentsSeen.size >= 2 * TURNS, 60_000, 'every segment on the feed');
    } finally {
      sub.unsubscribe();
      standin.observeResults = undefined;
      await db.appointment.update({ where: { id: room.appointment.id }, data: { status: 'completed' } });
    }
    const caption: number[] = [];
    const segment: number[] = [];
    const pipeline: number[] = [];
    for (const s of sent) {
      if (!s.isFinal) {
        // Only captions that name their line (its number words) can be told apart.
        if (s.text.split(' ').length < 4) continue;
        const seen = captionsSeen.get(s.text);
        if (seen !== undefined && s.at !== null) caption.push(seen - s.at);
        continue;
      }
      const seen = segmentsSeen.get(s.text);
      if (seen === undefined) continue;
      pipeline.push(seen - s.sentAt);
      if (s.speechEnd !== null) segment.push(seen - s.speechEnd);
    }
    return { caption, segment, pipeline, segments: segmentsSeen.size };
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
    streams: number;
    segments: number;
    captions: number;
    eventLoopUtilization: number;
  };
}

interface BenchRoom {
  roomId: string;
  people: string[];
}

const SCRIPT = [
  'I have been sleeping badly this week',
  'What happens when you go to bed at night',
  'My thoughts start racing about work',
  'Let us try a breathing exercise tonight',
];

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
  const messages: { type: string; report?: CpuReport; speech?: { text: string; pcm: string }[] }[] = [];
  child.on('message', (m) => {
    const message = m as (typeof messages)[number];
    // The child's speech, bit for bit, so that the stand-in recognises it.
    for (const line of message.speech ?? []) {
      const bytes = Buffer.from(line.pcm, 'base64');
      standin.hear(new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2).slice(), line.text);
    }
    messages.push(message);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor(() => messages.some((m) => m.type === 'idle-measured'), 60_000, 'the idle measurement');
    const rooms: BenchRoom[] = [];
    for (let i = 0; i < ROOMS; i++) {
      const room = await joinedRoom(db, serverUrl, new MemoryTransport());
      rooms.push({ roomId: room.appointment.roomId, people: [room.client.id, room.coach.id] });
    }
    child.send({ type: 'rooms', rooms });
    await waitFor(() => messages.some((m) => m.type === 'report'), 180_000, 'the CPU report');
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
  const script = await Promise.all(SCRIPT.map(async (line, i) => ({ line, pcm: await speak(line), speaker: i % 2 })));
  send({
    type: 'speech',
    speech: script.map(({ line, pcm }) => ({ text: line, pcm: Buffer.from(pcm.buffer).toString('base64') })),
  });
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
    () => agent.rooms().filter((r) => r.media === 'memory').length === config.rooms,
    60_000,
    'every room live',
  );
  // In each room the client and the coach take turns: a sentence, a pause, in real time (one
  // 20 ms frame per room per tick, to whoever speaks); rooms are offset so that they do not
  // speak in lockstep. Each participant's frames go to their own stream.
  const pause = silence(1500);
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
  await new Promise((r) => setTimeout(r, 4000)); // warm-up: every stream open
  const before = agent.metrics();
  const elu = performance.eventLoopUtilization();
  const start = process.cpuUsage();
  const wall = performance.now();
  await new Promise((r) => setTimeout(r, CPU_PERIOD_MS));
  const cpu = process.cpuUsage(start);
  const after = agent.metrics();
  const busy = {
    userUs: cpu.user,
    systemUs: cpu.system,
    wallMs: performance.now() - wall,
    rooms: agent.rooms().length,
    streams: after.transcriptionStreams,
    segments: after.segmentsReceived - before.segmentsReceived,
    captions: after.captionsSent - before.captionsSent,
    eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
  };
  clearInterval(feeder);
  send({ type: 'report', report: { idle, busy } satisfies CpuReport });
  await agent.stop({ graceful: false });
  process.exit(0);
}

/** 20 ms frames at 16 kHz. */
function* chunks(pcm: Int16Array): Generator<Int16Array> {
  for (let at = 0; at < pcm.length; at += FRAME) yield pcm.subarray(at, at + FRAME);
}

const ms = (values: number[], p: number) => Math.round(percentile(values, p) * 10) / 10;

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
    const lat = await latency(bench.db, server.url, standin);
    log('latency', {
      captionP50: median(lat.caption),
      captionP99: percentile(lat.caption, 99),
      segmentP50: median(lat.segment),
      segmentP99: percentile(lat.segment, 99),
      pipelineP50: median(lat.pipeline),
      n: { captions: lat.caption.length, segments: lat.segment.length },
    });
    const cpu = await cpuPerRoom(bench.db, server.url, standin);
    const busyPercent = ((cpu.busy.userUs + cpu.busy.systemUs) / 1000 / cpu.busy.wallMs) * 100;
    const idlePercent = ((cpu.idle.userUs + cpu.idle.systemUs) / 1000 / cpu.idle.wallMs) * 100;
    log('agent cpu', { busyPercent, idlePercent, ...cpu.busy });
    return {
      suite: 'agent',
      metrics: {
        speechToCaptionP50Ms: {
          value: ms(lat.caption, 50),
          unit: 'ms',
          note: `${lat.caption.length} captions of two people talking at once in real time: from the audio frame that completed an interim result being handed to the agent, to the caption on a participant's live feed (agent → speech-to-text stand-in → agent.caption → NOTIFY payload → SSE)`,
        },
        speechToCaptionP99Ms: { value: ms(lat.caption, 99), unit: 'ms' },
        speechToStoredSegmentP50Ms: {
          value: ms(lat.segment, 50),
          unit: 'ms',
          note: `${lat.segment.length} utterances: from the last voiced frame handed to the agent to the segment on the live feed; includes the 300 ms of silence before Deepgram's endpoint (endpointing=300), then journal + fsync, agent.appendTranscript (fenced), Postgres, NOTIFY, SSE`,
        },
        speechToStoredSegmentP99Ms: { value: ms(lat.segment, 99), unit: 'ms' },
        finalToStoredSegmentP50Ms: {
          value: ms(lat.pipeline, 50),
          unit: 'ms',
          note: 'from the stand-in sending the final result to the segment on the live feed: the agent and server share alone',
        },
        finalToStoredSegmentP99Ms: { value: ms(lat.pipeline, 99), unit: 'ms' },
        agentCpuPerRoomPercent: {
          value: Math.round((busyPercent / cpu.busy.rooms) * 100) / 100,
          unit: '% of one core per room',
          note: `${cpu.busy.rooms} voice rooms, two participants each speaking espeak audio in real time (16 kHz, 20 ms frames), each on their own speech-to-text stream (${cpu.busy.streams} streams), ${cpu.busy.captions} captions passed on and ${cpu.busy.segments} segments persisted in ${Math.round(cpu.busy.wallMs / 1000)} s; the simulated participants run in the agent's process and are included. Before (one mixed stream to the Voice Agent): 0.81`,
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
