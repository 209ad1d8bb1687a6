// Scale-out: a mixed load (browse slots, book, chat, transcript ingest, with every room's coach
// subscribed to its live feed) against one web server process, then the same load spread over
// two, on one PostgreSQL. Throughput and latency percentiles of each, and the two-to-one ratio.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServiceClient } from '@hybridcoach/api/client';
import { type AppProcess, startAppProcess } from '@hybridcoach/config';
import { type Db, transcriptionNotice } from '@hybridcoach/db';
import { testKeyText } from '@hybridcoach/db/testing';
import { createBrowserClient } from '@hybridcoach/web/testing';
import { type BenchDatabase, freePort, startBenchDatabase } from './database';
import { type BenchResult, log, median, percentile } from './lib';

const AGENT_TOKEN = 'bench-agent-token-0123456789abcdef012345';
const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef0123';
const USERS = 24;
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 2);
const WARMUP_SECONDS = 3;
const DAY = 86_400_000;
const CHAT_EVERY_MS = 2000;
/** Share of each operation in the mix; the rest is transcript ingest (batches of 10 segments). */
const MIX = { browse: 0.4, book: 0.1, chat: 0.25 } as const;
type Op = 'browse' | 'book' | 'chat' | 'ingest';

interface World {
  users: { clientId: string; coachId: string; appointmentId: string }[];
}

/** A coach per user, available every day, each with a live appointment with their user. */
async function seed(db: Db): Promise<World> {
  const users: World['users'] = [];
  for (let i = 0; i < USERS; i++) {
    const coach = await db.user.create({
      data: {
        email: `scale-coach-${i}@ultra.example`,
        displayName: `Coach ${i}`,
        role: 'coach',
        ultraSubscriptionStatus: 'active',
        isAvailable: true,
        bufferMinutes: 0,
        minNoticeMinutes: 0,
        bookingHorizonDays: 90,
        consents: { create: { noticeVersion: transcriptionNotice.version, agreedAt: new Date() } },
      },
    });
    await db.coachAvailability.createMany({
      data: [0, 1, 2, 3, 4, 5, 6].map((d) => ({
        coachId: coach.id,
        dayOfWeek: d,
        startTime: '06:00',
        endTime: '22:00',
      })),
    });
    const client = await db.user.create({
      data: {
        email: `scale-client-${i}@vagus.example`,
        displayName: `Client ${i}`,
        vagusSubscriptionStatus: 'active',
        profile: { create: { onboardingCompleted: true } },
        consents: { create: { noticeVersion: transcriptionNotice.version, agreedAt: new Date() } },
      },
    });
    const scheduledFor = new Date(Date.now() - 5 * 60_000);
    const appointment = await db.appointment.create({
      data: {
        coachId: coach.id,
        clientId: client.id,
        scheduledFor,
        durationMin: 240,
        endsAt: new Date(scheduledFor.getTime() + 240 * 60_000),
        roomId: `session-${randomUUID()}`,
      },
    });
    users.push({ clientId: client.id, coachId: coach.id, appointmentId: appointment.id });
  }
  return { users };
}

async function webServer(name: string, bench: BenchDatabase, dataDir: string): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess(
    name,
    'web',
    {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: bench.url,
      DATABASE_POOL_SIZE: '10',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      ENCRYPTION_KEYS: testKeyText,
      AGENT_SERVICE_TOKEN: AGENT_TOKEN,
      ADMIN_EMAILS: 'ops@clinic.example',
      SWEEP_INTERVAL_SECONDS: '600',
      // A load test is a few requesters asking far more often than people would.
      OPEN_SLOTS_PER_MINUTE: '1000000',
      METRICS_TOKEN,
    },
    port,
  );
}

function pick(): Op {
  const r = Math.random();
  if (r < MIX.browse) return 'browse';
  if (r < MIX.browse + MIX.book) return 'book';
  if (r < MIX.browse + MIX.book + MIX.chat) return 'chat';
  return 'ingest';
}

const localDate = (d: Date) => d.toISOString().slice(0, 10);

/** CPU seconds the web servers have used so far, from their own /metrics (Node's default series). */
async function cpuSeconds(servers: AppProcess[]): Promise<number> {
  let total = 0;
  for (const s of servers) {
    const text = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) =>
      r.text(),
    );
    total += Number(text.match(/^process_cpu_seconds_total\{[^}]*\} ([\d.e+-]+)$/m)?.[1] ?? Number.NaN);
  }
  return total;
}

/** Runs the mixed load with user i on server i mod n; returns completed operations and latencies. */
async function mixedLoad(world: World, servers: AppProcess[]) {
  const at = (i: number) => servers[i % servers.length] as AppProcess;
  const clients = await Promise.all(
    world.users.map(async (u, i) => {
      const c = createBrowserClient(at(i).url).client;
      await c.dev.signInAs.mutate({ userId: u.clientId });
      await c.session.join.mutate({ appointmentId: u.appointmentId });
      return c;
    }),
  );
  // Each room's coach follows it live on the other server (the same one when there is one).
  const feeds = await Promise.all(
    world.users.map(async (u, i) => {
      const c = createBrowserClient(at(i + 1).url).client;
      await c.dev.signInAs.mutate({ userId: u.coachId });
      let delivered = 0;
      const sub = c.session.events.subscribe(
        { appointmentId: u.appointmentId, lastEventId: null },
        { onData: () => delivered++, onError: () => {} },
      );
      return { stop: () => sub.unsubscribe(), delivered: () => delivered };
    }),
  );
  const agents = servers.map((s) => createServiceClient({ url: s.url, token: AGENT_TOKEN }));
  // Every transcript write carries the claim it is made under: one agent claims every room.
  const epochs = new Map<string, number>();
  for (;;) {
    const claimed = await (agents[0] as (typeof agents)[number]).agent.claim.mutate({
      agentId: 'bench-agent',
      max: 100,
      holding: [...epochs.keys()],
      leaseMs: 10 * 60_000,
    });
    for (const room of claimed) epochs.set(room.appointmentId, room.epoch);
    if (claimed.length === 0) break;
  }

  const latencies: Record<Op, number[]> = { browse: [], book: [], chat: [], ingest: [] };
  const outcomes = { ok: 0, conflict: 0, failed: 0 };
  const failures: Record<string, number> = {};
  let measuring = false;
  let seq = 0;
  const deadline = Date.now() + (WARMUP_SECONDS + SECONDS) * 1000;
  setTimeout(() => {
    measuring = true;
  }, WARMUP_SECONDS * 1000);
  let measuredFrom = 0;
  let cpuFrom = 0;
  let ownCpuFrom = process.cpuUsage();
  setTimeout(() => {
    ownCpuFrom = process.cpuUsage();
    void cpuSeconds(servers).then((v) => {
      cpuFrom = v;
    });
  }, WARMUP_SECONDS * 1000);

  await Promise.all(
    world.users.map(async (u, i) => {
      const api = clients[i] as (typeof clients)[number];
      const agent = agents[i % agents.length] as (typeof agents)[number];
      let slots: { startsAt: Date }[] = [];
      let lastChat = 0;
      while (Date.now() < deadline) {
        let op = pick();
        // People do not chat faster than the product's limit (20 in 30 s); browse instead.
        if (op === 'chat' && Date.now() - lastChat < CHAT_EVERY_MS) op = 'browse';
        if (op === 'chat') lastChat = Date.now();
        const started = performance.now();
        try {
          if (op === 'browse' || (op === 'book' && slots.length === 0)) {
            const from = new Date(Date.now() + (1 + Math.floor(Math.random() * 50)) * DAY);
            const open = await api.scheduling.openSlots.query({
              coachId: u.coachId,
              from: localDate(from),
              to: localDate(new Date(from.getTime() + 6 * DAY)),
              timezone: 'UTC',
            });
            slots = open.days.flatMap((d) => d.times.map((t) => ({ startsAt: new Date(t.startsAt) })));
          } else if (op === 'book') {
            const slot = slots.splice(Math.floor(Math.random() * slots.length), 1)[0];
            if (slot) await api.scheduling.book.mutate({ coachId: u.coachId, startsAt: slot.startsAt });
          } else if (op === 'chat') {
            await api.session.sendMessage.mutate({ appointmentId: u.appointmentId, content: `chat ${seq++}` });
          } else {
            await agent.agent.appendTranscript.mutate({
              appointmentId: u.appointmentId,
              agentId: 'bench-agent',
              epoch: epochs.get(u.appointmentId) ?? 0,
              segments: Array.from({ length: 10 }, () => ({
                idempotencyKey: `bench-${randomUUID()}`,
                seq: seq++,
                speaker: 'client' as const,
                content: 'I kept the breathing routine going every morning this week.',
                spokenAt: new Date(),
                confidence: 0.92,
                isFinal: true,
              })),
            });
          }
          if (measuring) outcomes.ok++;
        } catch (err) {
          // A slot someone else booked first is an answer, not a failure.
          const code = (err as { data?: { code?: string } }).data?.code;
          if (measuring) outcomes[code === 'CONFLICT' ? 'conflict' : 'failed']++;
          if (measuring && code !== 'CONFLICT') {
            const key = `${op}: ${code ?? (err instanceof Error ? err.message.slice(0, 80) : 'error')}`;
            failures[key] = (failures[key] ?? 0) + 1;
          }
        }
        if (measuring) {
          if (measuredFrom === 0) measuredFrom = performance.now();
          latencies[op].push(performance.now() - started);
        }
      }
    }),
  );
  const seconds = (performance.now() - measuredFrom) / 1000;
  const webCpuSeconds = (await cpuSeconds(servers)) - cpuFrom;
  const own = process.cpuUsage(ownCpuFrom);
  const delivered = feeds.reduce((n, f) => n + f.delivered(), 0);
  for (const f of feeds) f.stop();
  const all = Object.values(latencies).flat();
  return {
    seconds,
    latencies,
    all,
    outcomes,
    failures,
    delivered,
    opsPerSecond: all.length / seconds,
    webCpuMsPerOp: (webCpuSeconds * 1000) / all.length,
    generatorCpuMsPerOp: (own.user + own.system) / 1000 / all.length,
  };
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

type Run = Awaited<ReturnType<typeof mixedLoad>>;

/** Several runs of one configuration: throughput per run, latencies pooled. */
function combine(runs: Run[]) {
  const latencies = { browse: [], book: [], chat: [], ingest: [] } as Record<Op, number[]>;
  for (const run of runs) for (const op of Object.keys(latencies) as Op[]) latencies[op].push(...run.latencies[op]);
  const failures: Record<string, number> = {};
  for (const run of runs) for (const [k, v] of Object.entries(run.failures)) failures[k] = (failures[k] ?? 0) + v;
  return {
    opsPerSecond: median(runs.map((r) => r.opsPerSecond)),
    webCpuMsPerOp: median(runs.map((r) => r.webCpuMsPerOp)),
    generatorCpuMsPerOp: median(runs.map((r) => r.generatorCpuMsPerOp)),
    perRun: runs.map((r) => round(r.opsPerSecond)),
    latencies,
    all: Object.values(latencies).flat(),
    failed: runs.reduce((n, r) => n + r.outcomes.failed, 0),
    conflicts: runs.reduce((n, r) => n + r.outcomes.conflict, 0),
    delivered: runs.reduce((n, r) => n + r.delivered, 0),
    failures,
  };
}

export async function scaleOutBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(5);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hc-bench-scale-'));
  const running: AppProcess[] = [];
  try {
    const world = await seed(bench.db);
    const a = await webServer('web-a', bench, dataDir);
    running.push(a);
    const b = await webServer('web-b', bench, dataDir);
    running.push(b);
    // Alternating, so that other work on a shared machine weighs on both configurations alike.
    const ones: Run[] = [];
    const twos: Run[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [label, servers, runs] of [
        ['one web server', [a], ones],
        ['two web servers', [a, b], twos],
      ] as const) {
        const run = await mixedLoad(world, [...servers]);
        runs.push(run);
        log(label, {
          round: r,
          opsPerSecond: run.opsPerSecond,
          p99: percentile(run.all, 99),
          webCpuMsPerOp: run.webCpuMsPerOp,
          failures: run.failures,
        });
      }
    }
    const one = combine(ones);
    const two = combine(twos);

    const perOp = (run: ReturnType<typeof combine>, label: string) =>
      Object.fromEntries(
        (Object.keys(run.latencies) as Op[]).map((op) => [
          `${label}${op[0]?.toUpperCase()}${op.slice(1)}P99Ms`,
          { value: round(percentile(run.latencies[op], 99)), unit: 'ms', note: `${run.latencies[op].length} calls` },
        ]),
      );
    const note = `${USERS} closed-loop users, ${ROUNDS} alternating runs of ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up) per configuration, median; mix 40 % browse slots (7 days), 10 % book, 25 % chat (at most one per user per ${CHAT_EVERY_MS / 1000} s, else a browse), 25 % transcript ingest (10 segments); each room's coach subscribed over SSE`;
    const outcome = (run: ReturnType<typeof combine>) =>
      `${JSON.stringify(run.failures)}; ${run.conflicts} bookings lost a race (CONFLICT); ${run.delivered} live events delivered`;
    return {
      suite: 'scale-out',
      metrics: {
        oneServerOpsPerSecond: { value: round(one.opsPerSecond), unit: 'ops/s', runs: one.perRun, note },
        twoServersOpsPerSecond: {
          value: round(two.opsPerSecond),
          unit: 'ops/s',
          runs: two.perRun,
          note: 'users spread round-robin over two web server processes; coaches follow on the other one',
        },
        throughputRatio: {
          value: round(two.opsPerSecond / one.opsPerSecond, 2),
          unit: '×',
          note: `two servers / one server, on one ${os.cpus().length}-core machine that also runs PostgreSQL and the load generator (load average ${os.loadavg()[0]?.toFixed(1)} at the end)`,
        },
        oneServerWebCpuMsPerOp: {
          value: round(one.webCpuMsPerOp, 2),
          unit: 'ms CPU/op',
          note: 'web server CPU (its process_cpu_seconds_total) per completed call: independent of other load on the machine',
        },
        twoServersWebCpuMsPerOp: { value: round(two.webCpuMsPerOp, 2), unit: 'ms CPU/op' },
        generatorCpuMsPerOp: {
          value: round(one.generatorCpuMsPerOp, 2),
          unit: 'ms CPU/op',
          note: 'the load generator (clients and SSE feeds, in the benchmark process) on the same cores',
        },
        oneWebCoreCapacityOpsPerSecond: {
          value: Math.round(1000 / one.webCpuMsPerOp),
          unit: 'ops/s',
          note: 'what one web server process could serve of this mix with a core to itself (1000 / CPU ms per call), database aside',
        },
        oneServerP50Ms: { value: round(percentile(one.all, 50)), unit: 'ms' },
        oneServerP99Ms: { value: round(percentile(one.all, 99)), unit: 'ms' },
        twoServersP50Ms: { value: round(percentile(two.all, 50)), unit: 'ms' },
        twoServersP99Ms: { value: round(percentile(two.all, 99)), unit: 'ms' },
        p99Ratio: { value: round(percentile(two.all, 99) / percentile(one.all, 99), 2), unit: '×' },
        ...perOp(one, 'oneServer'),
        ...perOp(two, 'twoServers'),
        oneServerFailed: { value: one.failed, unit: 'calls', note: outcome(one) },
        twoServersFailed: { value: two.failed, unit: 'calls', note: outcome(two) },
      },
    };
  } finally {
    for (const p of running) await p.stop();
    await bench.close();
  }
}
