// Scheduling hot paths, each against its hand-written twin (bench/twin-*.ts: plain SQL on kept
// `pg` connections, same rows, same run, after ANALYZE), alternated round by round:
// - open slots of one coach and of 20 coaches, 60 days, 1,000 appointments each (in-process);
// - booking: 50 clients racing for one slot, and 50 clients booking 50 slots of one coach (in-process);
// - the upcoming-appointments list over HTTP (tRPC vs a plain Fastify route).
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { createCaller, createContext, DevMailbox, settingsFromEnv } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { createBrowserClient, startTestServer } from '@hybridcoach/web/testing';
import { keptPool, startBenchDatabase } from './database';
import { type BenchResult, log, type Paired, paired, pairedMetrics, percentile } from './lib';
import { twinBook, twinOpenSlots } from './twin-scheduling';
import { answerHeaders, startTwinServer } from './twin-server';

const NOW = new Date('2031-03-03T00:00:00Z');
const DAY = 86_400_000;
const POOL = 20;
const COACHES = 20;
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'America/Los_Angeles'];
const RACERS = 50;

export async function schedulingBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(POOL);
  const server = await startTestServer({ db: bench.db, now: () => NOW });
  const twinServer = await startTwinServer(bench.url, POOL, () => NOW);
  const pool = await keptPool(bench.url, POOL);
  try {
    const { db } = bench;
    const coaches = await Promise.all(
      Array.from({ length: COACHES }, (_, i) =>
        db.user.create({
          data: {
            email: `bench-coach${i}@ultra.example`,
            displayName: `Bench Coach ${i}`,
            role: 'coach',
            isAvailable: true,
            timezone: ZONES[i % ZONES.length],
            bufferMinutes: 10,
            minNoticeMinutes: 0,
            bookingHorizonDays: 90,
          },
        }),
      ),
    );
    const coach = coaches[0];
    if (!coach) throw new Error('no coach');
    await db.coachAvailability.createMany({
      data: coaches.flatMap((c) =>
        [0, 1, 2, 3, 4, 5, 6].map((d) => ({ coachId: c.id, dayOfWeek: d, startTime: '06:00', endTime: '22:00' })),
      ),
    });
    const client = await db.user.create({
      data: {
        email: 'bench-client@vagus.example',
        displayName: 'Bench Client',
        vagusSubscriptionStatus: 'active',
        profile: { create: { onboardingCompleted: true } },
      },
    });
    // 1,000 appointments per coach over the 60 days (~17 a day); the first coach's are with the
    // bench client (its upcoming list), the others' each with a client of their own.
    for (const [k, c] of coaches.entries()) {
      const other =
        k === 0
          ? client
          : await db.user.create({ data: { email: `filler${k}@vagus.example`, displayName: `Filler ${k}` } });
      await db.appointment.createMany({
        data: Array.from({ length: 1000 }, (_, i) => {
          const start = new Date(NOW.getTime() + Math.floor(i / 17) * DAY + (6 * 60 + (i % 17) * 50 + k) * 60_000);
          return {
            coachId: c.id,
            clientId: other.id,
            scheduledFor: start,
            durationMin: 30,
            endsAt: new Date(start.getTime() + 30 * 60_000),
            roomId: `session-${randomUUID()}`,
            status: 'scheduled' as const,
          };
        }),
      });
    }
    const racers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        db.user.create({
          data: { email: `racer${i}@vagus.example`, displayName: `Racer ${i}`, vagusSubscriptionStatus: 'active' },
        }),
      ),
    );
    await db.$executeRawUnsafe('ANALYZE');

    const logger = createLogger('bench-scheduling', 'silent');
    // The bench is one requester asking far more often than a person would.
    const settings = settingsFromEnv(loadEnv({ OPEN_SLOTS_PER_MINUTE: '1000000' }));
    const mailer = new DevMailbox(logger);
    const callerFor = (userId: string) =>
      createCaller(
        createContext({
          db,
          logger,
          requestId: 'bench',
          settings,
          mailer,
          now: () => NOW,
          principal: { kind: 'user', userId, role: 'client', userSessionId: `bench-${userId}` },
        }),
      );
    const caller = callerFor(client.id);
    const metrics: BenchResult['metrics'] = {};

    // Open slots: one coach, then every coach, 60 days, in the client's zone.
    const oneCoach = { coachId: coach.id, from: '2031-03-03', to: '2031-05-01', timezone: 'Europe/London' };
    const allCoaches = { from: '2031-03-03', to: '2031-05-01', timezone: 'Europe/London' };
    for (const [name, input, rounds] of [
      ['openSlotsOneCoach', oneCoach, 25],
      ['openSlots20Coaches', allCoaches, 10],
    ] as const) {
      const twinQuery = { coachId: null, ...input, clientId: client.id, durationMin: 30, now: NOW };
      const ours = await caller.scheduling.openSlots(input);
      const twin = await twinOpenSlots(pool, twinQuery);
      if (JSON.stringify(ours) !== JSON.stringify(twin)) throw new Error(`${name}: the twin's answer differs`);
      const slots = ours.days.reduce((n, d) => n + d.times.reduce((m, t) => m + t.coaches.length, 0), 0);
      const result = await paired(
        rounds,
        () => caller.scheduling.openSlots(input),
        () => twinOpenSlots(pool, twinQuery),
      );
      log(name, { ours: result.oursMedian, twin: result.twinMedian, ratio: result.ratio, slots });
      Object.assign(
        metrics,
        pairedMetrics(
          name,
          result,
          `${ours.coachIds.length} coach(es), 60 days, 1,000 appointments each, ${slots} open (coach, slot) pairs in ${JSON.stringify(ours).length} bytes of JSON; in-process procedure (createCaller: zod, middleware, 2 statements, engine)`,
          'the same 2 statements on kept pg connections + a direct loop with one Intl formatter per zone',
        ),
      );
    }

    // Booking under contention: rounds of 50 concurrent attempts, ours and the twin alternating.
    // Slots on the hour from 06:00 UTC, from day 62 on (past the existing appointments).
    let nextSlot = 0;
    const takeSlot = () => {
      const n = nextSlot++;
      return new Date(Date.UTC(2031, 4, 4 + Math.floor(n / 15), 6 + (n % 15)));
    };
    const latencies = { ours: [] as number[], twin: [] as number[] };
    const outcomes = { ours: new Map<string, number>(), twin: new Map<string, number>() };
    const race = (side: 'ours' | 'twin', slots: Date[]) =>
      Promise.all(
        racers.map(async (racer, i) => {
          const startsAt = slots[i % slots.length] ?? NOW;
          const started = performance.now();
          let outcome: string;
          if (side === 'ours') {
            outcome = await callerFor(racer.id)
              .scheduling.book({ coachId: coach.id, startsAt })
              .then(
                () => 'booked',
                (err: { code?: string }) => (err.code === 'CONFLICT' ? 'conflict' : `error ${String(err)}`),
              );
          } else {
            outcome = await twinBook(pool, {
              coachId: coach.id,
              clientId: racer.id,
              startsAt,
              durationMin: 30,
              now: NOW,
            });
          }
          latencies[side].push(performance.now() - started);
          outcomes[side].set(outcome, (outcomes[side].get(outcome) ?? 0) + 1);
        }),
      );
    const booking = async (name: string, slotsPerRound: number, rounds: number, warmUp: number) => {
      latencies.ours = [];
      latencies.twin = [];
      outcomes.ours.clear();
      outcomes.twin.clear();
      const result: Paired = await paired(
        rounds,
        () => race('ours', Array.from({ length: slotsPerRound }, takeSlot)),
        () => race('twin', Array.from({ length: slotsPerRound }, takeSlot)),
        warmUp,
      );
      const summary = (side: 'ours' | 'twin') =>
        `${[...outcomes[side]].map(([k, v]) => `${v} ${k}`).join(', ')}; p99 of one attempt ${Math.round(percentile(latencies[side], 99))} ms, ${Math.round((RACERS * 1000) / (side === 'ours' ? result.oursMedian : result.twinMedian))} attempts/s`;
      log(name, {
        ours: result.oursMedian,
        twin: result.twinMedian,
        ratio: result.ratio,
        o: summary('ours'),
        t: summary('twin'),
      });
      Object.assign(
        metrics,
        pairedMetrics(
          name,
          result,
          `${RACERS} concurrent book calls on ${slotsPerRound} slot(s) of one coach per round, in-process (pool ${POOL}): ${summary('ours')}`,
          `the same check, lock and guarded insert + notifications on a pg pool of ${POOL}: ${summary('twin')}`,
        ),
      );
    };
    await booking('booking50RacersOneSlot', 1, 5, 1);
    await booking('booking50RacersFiftySlots', RACERS, 3, 0);

    // The client's upcoming list over HTTP: tRPC (cookie auth, superjson) vs a plain Fastify route.
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId: client.id });
    const cookie = `hc_session=${browser.jar.get('hc_session')}`;
    const viaTrpc = await browser.client.scheduling.appointments.query({ scope: 'upcoming', limit: 20 });
    const viaTwin: unknown = await (await fetch(`${twinServer.url}/upcoming`, { headers: { cookie } })).json();
    // The same rows and fields: ours as the browser reads it (Dates), written as plain JSON.
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(viaTrpc)), viaTwin)) {
      throw new Error('upcoming list: the twin disagrees');
    }
    // Both through the same HTTP client (fetch + JSON): what differs is the server.
    const trpcUrl = `${server.url}/trpc/scheduling.appointments?input=${encodeURIComponent(JSON.stringify({ json: { scope: 'upcoming', limit: 20 } }))}`;
    const answer = await fetch(trpcUrl, { headers: { cookie } });
    const probe = (await answer.json()) as { result?: unknown };
    if (!probe.result) throw new Error(`the tRPC URL did not answer: ${JSON.stringify(probe)}`);
    twinServer.answerWith(answerHeaders(answer));
    const upcoming = await paired(
      200,
      () => fetch(trpcUrl, { headers: { cookie } }).then((r) => r.json()),
      () => fetch(`${twinServer.url}/upcoming`, { headers: { cookie } }).then((r) => r.json()),
      20,
    );
    log('upcoming list', { ours: upcoming.oursMedian, twin: upcoming.twinMedian, ratio: upcoming.ratio });
    Object.assign(
      metrics,
      pairedMetrics(
        'upcomingList',
        upcoming,
        'scheduling.appointments (20 of 1,000) over HTTP (fetch of the tRPC URL): cookie session, tRPC, superjson; 2 statements',
        "a plain Fastify route: cookie → session SQL → list SQL on kept pg connections → JSON with our answer's headers (same fetch client)",
      ),
    );
    return { suite: 'scheduling', metrics };
  } finally {
    await pool.end();
    await twinServer.close();
    await server.close();
    await bench.close();
  }
}
