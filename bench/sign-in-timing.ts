// Does `auth.requestCode` tell members from non-members by its timing? Interleaved pairs over
// real HTTP: each pair asks once for a fresh member's email and once for a fresh unknown
// email, in random order, with a pause between pairs as a prober would leave, timed by a client
// on its own thread. Reports both medians and their difference per round; the member-only work
// (code, audit row, mail) must not show.
import { Worker } from 'node:worker_threads';
import { startTestServer } from '@hybridcoach/web/testing';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median, percentile } from './lib';

const PAIRS = Number(process.env.BENCH_TIMING_PAIRS ?? 300);
const ROUNDS = Number(process.env.BENCH_TIMING_ROUNDS ?? 3);
const WARM_UP = 30;
const PAUSE_MS = 15;

// The prober runs on a thread of its own, as a client elsewhere would: the server's loop is not
// the one reading the answers, so work the server does after answering cannot slow the reading.
const PROBER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, email }) => {
  const started = performance.now();
  const response = await fetch(url + '/trpc/auth.requestCode', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ json: { email } }),
  });
  await response.arrayBuffer();
  parentPort.postMessage({ ms: performance.now() - started, status: response.status });
});`;

function startProber(url: string) {
  const worker = new Worker(PROBER, { eval: true });
  return {
    time(email: string): Promise<number> {
      return new Promise((resolve, reject) => {
        worker.once('message', ({ ms, status }: { ms: number; status: number }) =>
          status === 200 ? resolve(ms) : reject(new Error(`requestCode answered ${status}`)),
        );
        worker.postMessage({ url, email });
      });
    },
    close: () => worker.terminate(),
  };
}

export async function signInTimingBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(10);
  // Every request in its own throttle window: the per-IP limit would otherwise stop a prober
  // from one address (and it is the same for both kinds of email).
  let clock = new Date('2031-01-01T00:00:00Z').getTime();
  const server = await startTestServer({ db: bench.db, now: () => new Date(clock) });
  const tick = () => {
    clock += 16 * 60_000;
  };
  const prober = startProber(server.url);
  try {
    const total = PAIRS + WARM_UP;
    await bench.db.user.createMany({
      data: Array.from({ length: total * ROUNDS }, (_, i) => ({
        email: `m${i}@vagus.example`,
        skoolVagusEmail: `m${i}@vagus.example`,
        displayName: `Member ${i}`,
        vagusSubscriptionStatus: 'active' as const,
      })),
    });
    await bench.db.$executeRawUnsafe('ANALYZE');
    const member: number[] = [];
    const stranger: number[] = [];
    const rounds: { member: number; stranger: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const m: number[] = [];
      const s: number[] = [];
      for (let i = 0; i < total; i++) {
        const n = round * total + i;
        const memberFirst = Math.random() < 0.5;
        for (const kind of memberFirst ? ['member', 'stranger'] : ['stranger', 'member']) {
          tick();
          const ms = await prober.time(kind === 'member' ? `m${n}@vagus.example` : `nobody${n}@example.com`);
          if (i >= WARM_UP) (kind === 'member' ? m : s).push(ms);
          await new Promise((r) => setTimeout(r, PAUSE_MS));
        }
      }
      member.push(...m);
      stranger.push(...s);
      rounds.push({ member: median(m), stranger: median(s) });
      log('requestCode timing round', { round, memberMedianMs: median(m), nonMemberMedianMs: median(s) });
    }
    const m = median(member);
    const s = median(stranger);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      suite: 'sign-in-timing',
      metrics: {
        memberMedianMs: {
          value: round(m),
          unit: 'ms',
          runs: rounds.map((r) => round(r.member)),
          note: `${ROUNDS} rounds of ${PAIRS} interleaved pairs over HTTP from a client thread (random order in each pair, ${PAUSE_MS} ms apart); runs are each round's median`,
        },
        nonMemberMedianMs: { value: round(s), unit: 'ms', runs: rounds.map((r) => round(r.stranger)) },
        medianDifferenceMs: {
          value: round(m - s),
          unit: 'ms',
          runs: rounds.map((r) => round(r.member - r.stranger)),
          note: 'member minus non-member',
        },
        memberP90Ms: { value: round(percentile(member, 90)), unit: 'ms' },
        nonMemberP90Ms: { value: round(percentile(stranger, 90)), unit: 'ms' },
      },
    };
  } finally {
    await prober.close();
    await server.close();
    await bench.close();
  }
}
