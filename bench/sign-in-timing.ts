// Does `auth.requestCode` tell members from non-members by its timing? Interleaved pairs over
// real HTTP: each pair asks once for a fresh member's email and once for a fresh unknown
// email, in random order, with a pause between pairs as a prober would leave. Reports both
// medians and their difference; the member-only work (code, audit row, mail) must not show.
import { startTestServer } from '@hybridcoach/web/testing';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median, percentile } from './lib';

const PAIRS = Number(process.env.BENCH_TIMING_PAIRS ?? 300);
const WARM_UP = 30;
const PAUSE_MS = 15;

async function timedRequest(url: string, email: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/trpc/auth.requestCode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ json: { email } }),
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`requestCode answered ${response.status}`);
  return ms;
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
  try {
    const total = PAIRS + WARM_UP;
    await bench.db.user.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        email: `m${i}@vagus.example`,
        skoolVagusEmail: `m${i}@vagus.example`,
        displayName: `Member ${i}`,
        vagusSubscriptionStatus: 'active' as const,
      })),
    });
    await bench.db.$executeRawUnsafe('ANALYZE');
    const member: number[] = [];
    const stranger: number[] = [];
    for (let i = 0; i < total; i++) {
      const memberFirst = Math.random() < 0.5;
      for (const kind of memberFirst ? ['member', 'stranger'] : ['stranger', 'member']) {
        tick();
        const ms = await timedRequest(server.url, kind === 'member' ? `m${i}@vagus.example` : `nobody${i}@example.com`);
        if (i >= WARM_UP) (kind === 'member' ? member : stranger).push(ms);
        await new Promise((r) => setTimeout(r, PAUSE_MS));
      }
    }
    const m = median(member);
    const s = median(stranger);
    log('requestCode timing', { memberMedianMs: m, nonMemberMedianMs: s });
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      suite: 'sign-in-timing',
      metrics: {
        memberMedianMs: {
          value: round(m),
          unit: 'ms',
          note: `${PAIRS} interleaved pairs over HTTP (random order in each pair, ${PAUSE_MS} ms apart)`,
        },
        nonMemberMedianMs: { value: round(s), unit: 'ms' },
        medianDifferenceMs: { value: round(m - s), unit: 'ms', note: 'member minus non-member' },
        memberP90Ms: { value: round(percentile(member, 90)), unit: 'ms' },
        nonMemberP90Ms: { value: round(percentile(stranger, 90)), unit: 'ms' },
      },
    };
  } finally {
    await server.close();
    await bench.close();
  }
}
