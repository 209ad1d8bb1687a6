// Scheduling benchmarks: open slots over 60 days with 1,000 existing appointments (median ms),
// booking throughput under contention, and the upcoming-appointments procedure over HTTP
// against a hand-written SQL query serving the same rows (ratio).
import { randomUUID } from 'node:crypto';
import { createBrowserClient, startTestServer } from '@hybridcoach/web/testing';
import pg from 'pg';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median, percentile } from './lib';

const NOW = new Date('2031-03-03T00:00:00Z');
const DAY = 86_400_000;

export async function schedulingBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(20);
  const server = await startTestServer({ db: bench.db, now: () => NOW });
  try {
    const { db } = bench;
    const coach = await db.user.create({
      data: {
        email: 'bench-coach@ultra.example',
        displayName: 'Bench Coach',
        role: 'coach',
        isAvailable: true,
        bufferMinutes: 10,
        minNoticeMinutes: 0,
        bookingHorizonDays: 90,
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
        email: 'bench-client@vagus.example',
        displayName: 'Bench Client',
        vagusSubscriptionStatus: 'active',
        profile: { create: { onboardingCompleted: true } },
      },
    });
    // 1,000 appointments over the 60 days: ~17 a day on the coach's 16-hour days.
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const day = Math.floor(i / 17);
      const start = new Date(NOW.getTime() + day * DAY + (6 * 60 + (i % 17) * 50) * 60_000);
      return {
        coachId: coach.id,
        clientId: client.id,
        scheduledFor: start,
        durationMin: 30,
        endsAt: new Date(start.getTime() + 30 * 60_000),
        roomId: `session-${randomUUID()}`,
        status: 'scheduled' as const,
      };
    });
    await db.appointment.createMany({ data: rows });
    const api = createBrowserClient(server.url).client;
    await api.dev.signInAs.mutate({ userId: client.id });

    const slotMs: number[] = [];
    let slotCount = 0;
    for (let i = 0; i < 25; i++) {
      const started = performance.now();
      const slots = await api.scheduling.openSlots.query({
        coachId: coach.id,
        from: '2031-03-03',
        to: '2031-05-01',
        timezone: 'Europe/London',
      });
      slotMs.push(performance.now() - started);
      slotCount = slots.length;
    }
    log('open slots', { medianMs: median(slotMs), slots: slotCount });

    // Contention: 40 clients race in waves of 8 for 5 slots; count bookings per second.
    const racers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const k = await db.user.create({
          data: { email: `racer${i}@vagus.example`, displayName: `Racer ${i}`, vagusSubscriptionStatus: 'active' },
        });
        const c = createBrowserClient(server.url).client;
        await c.dev.signInAs.mutate({ userId: k.id });
        return c;
      }),
    );
    // Slots two hours apart, so one wave's booking (and its buffer) does not touch the next's.
    const free = (
      await api.scheduling.openSlots.query({ coachId: coach.id, from: '2031-05-10', to: '2031-05-10', timezone: 'UTC' })
    )
      .filter((s) => s.localTime.endsWith(':00') && Number(s.localTime.slice(0, 2)) % 2 === 0)
      .slice(0, 5);
    let attempts = 0;
    let booked = 0;
    const contentionStarted = performance.now();
    for (let wave = 0; wave < 5; wave++) {
      const slot = free[wave];
      if (!slot) break;
      const results = await Promise.allSettled(
        racers
          .slice(wave * 8, wave * 8 + 8)
          .map((c) => c.scheduling.book.mutate({ coachId: coach.id, startsAt: slot.startsAt })),
      );
      attempts += results.length;
      booked += results.filter((r) => r.status === 'fulfilled').length;
    }
    const contentionSeconds = (performance.now() - contentionStarted) / 1000;
    log('contention', { attempts, booked, attemptsPerSecond: attempts / contentionSeconds });

    // The client's upcoming list: tRPC over HTTP vs the same rows from hand-written SQL.
    const raw = new pg.Client({ connectionString: bench.url });
    await raw.connect();
    const sql = `SELECT a.id, a."scheduledFor", a."endsAt", a."durationMin", a.status, a."roomId", a."cancelledAt", a."cancelledBy", a."cancelReason", a."createdAt", a."updatedAt",
        c.id AS coach_id, c."displayName" AS coach_name, c."coachName", c."profilePhotoPath" AS coach_photo, c.timezone AS coach_tz, c.email AS coach_email,
        k.id AS client_id, k."displayName" AS client_name, k."profilePhotoPath" AS client_photo, k.timezone AS client_tz, k.email AS client_email
      FROM "Appointment" a JOIN "User" c ON c.id = a."coachId" JOIN "User" k ON k.id = a."clientId"
      WHERE a."clientId" = $1 AND a.status IN ('scheduled', 'active') AND a."endsAt" > $2
      ORDER BY a."scheduledFor", a.id LIMIT 21`;
    const viaTrpc: number[] = [];
    const viaSql: number[] = [];
    for (let i = 0; i < 200; i++) {
      let started = performance.now();
      const page = await api.scheduling.appointments.query({ scope: 'upcoming', limit: 20 });
      viaTrpc.push(performance.now() - started);
      started = performance.now();
      const result = await raw.query(sql, [client.id, NOW]);
      viaSql.push(performance.now() - started);
      if (i === 0 && result.rows[0]?.id !== page.items[0]?.id) throw new Error('the SQL and the procedure disagree');
    }
    await raw.end();
    log('upcoming list', { trpcMedianMs: median(viaTrpc), sqlMedianMs: median(viaSql) });

    return {
      suite: 'scheduling',
      metrics: {
        openSlots60DaysMedianMs: {
          value: Math.round(median(slotMs) * 10) / 10,
          unit: 'ms',
          note: `one coach, 60 days, 1,000 existing appointments, ${slotCount} open slots, over HTTP (tRPC) incl. queries`,
        },
        openSlots60DaysP90Ms: { value: Math.round(percentile(slotMs, 90) * 10) / 10, unit: 'ms' },
        bookingAttemptsPerSecondUnderContention: {
          value: Math.round((attempts / contentionSeconds) * 10) / 10,
          unit: 'attempts/s',
          note: `${attempts} attempts in waves of 8 racing for one slot each; ${booked} booked (1 per wave expected)`,
        },
        upcomingListTrpcMedianMs: {
          value: Math.round(median(viaTrpc) * 100) / 100,
          unit: 'ms',
          note: 'scheduling.appointments over HTTP with cookie auth, superjson',
        },
        upcomingListSqlMedianMs: {
          value: Math.round(median(viaSql) * 100) / 100,
          unit: 'ms',
          note: 'the same 21 rows by one hand-written SQL query on a kept connection',
        },
        upcomingListRatio: { value: Math.round((median(viaTrpc) / median(viaSql)) * 10) / 10, unit: '×' },
      },
    };
  } finally {
    await server.close();
    await bench.close();
  }
}
