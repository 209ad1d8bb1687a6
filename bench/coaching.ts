// The coaching loop: (1) the post-session recap job for a 60-minute session (postSession.start →
// the pipeline with the recap LLM on the chat-completions stand-in, and without one: the
// extractive recap → postSession.store), end to end in process, not paired (it runs once per
// session, not a hot path); (2) the two dashboards (every visit of a client's or coach's home: a
// hot path), each paired with a hand-written twin: the same reads as plain SQL on kept `pg`
// connections, same rows, same run, after ANALYZE.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createCaller,
  createContext,
  createRecapWriter,
  DevMailbox,
  type Principal,
  type StructuredRecap,
  settingsFromEnv,
} from '@hybridcoach/api';
import { ChatCompletionsStandIn } from '@hybridcoach/api/testing/chat-completions';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { keyRing } from '@hybridcoach/db';
import type pg from 'pg';
import { runPostSessionPipeline } from '../apps/worker/src/post-session/pipeline';
import { keptPool, startBenchDatabase } from './database';
import { type BenchResult, log, median, paired, pairedMetrics } from './lib';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const COACHES = 5;
const CLIENTS_PER_COACH = 60;
const SESSIONS_PER_CLIENT = 20;
const RECAP_RUNS = 10;
const DASHBOARD_ROUNDS = 200;
/** A 60-minute session: a final segment every 10 seconds, about 25 words each (≈ 150 words a minute). */
const SEGMENTS = 360;

const WORDS =
  'sleep shift breathing night work stress morning routine walk energy focus family evening coffee tired calm exercise plan week body heart worry meeting journal progress habit rest'.split(
    ' ',
  );

function sentence(i: number): string {
  const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return `I noticed that my ${w(1)} and ${w(2)} changed after the ${w(3)}, so I will try the ${w(4)} ${w(5)} every ${w(6)} before ${w(7)} and see how my ${w(8)} feels by ${w(9)}.`;
}

const recapAnswer: StructuredRecap = {
  summary: 'You reviewed how night shifts affect your sleep and agreed on an evening breathing routine.',
  keyPoints: ['Night shifts shorten sleep.', 'Breathing helps you settle.', 'Mornings are the hardest.'],
  actionItems: [
    { owner: 'client', task: 'Breathe four in, six out before sleep', due: 'every night' },
    { owner: 'coach', task: 'Send the audio guide', due: null },
  ],
  suggestedHomework: [
    {
      title: 'Evening breathing',
      instructions: 'Lie down, breathe in for four counts and out for six, ten rounds.',
      category: 'breathing',
      durationMinutes: 5,
      difficulty: 'beginner',
    },
  ],
  followUpQuestions: ['How did the breathing go after a night shift?'],
  topics: ['sleep', 'breathing', 'night shifts'],
  proposedFacts: ['Works night shifts.'],
  proposedChallenges: ['Falls asleep late after shifts.'],
  goalProgress: [],
};

export async function coachingBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(10);
  const logger = createLogger('bench-coaching', 'silent');
  const settings = settingsFromEnv(loadEnv({}));
  const keys = keyRing([randomBytes(32)]);
  const now = new Date();
  const callerAs = (principal: Principal) =>
    createCaller(
      createContext({
        db: bench.db,
        logger,
        requestId: 'bench',
        settings,
        keys,
        mailer: new DevMailbox(logger),
        principal,
        now: () => now,
      }),
    );
  const llm = await ChatCompletionsStandIn.start();
  llm.respond = () => JSON.stringify(recapAnswer);
  const pool = await keptPool(bench.url, 4);
  const metrics: BenchResult['metrics'] = {};
  try {
    const world = await seed(bench.db, now);
    await bench.db.$executeRawUnsafe('ANALYZE');

    // (1) The recap job, 60-minute session.
    const worker = callerAs({ kind: 'service', service: 'worker' }).postSession;
    const writer = createRecapWriter({ apiKey: llm.apiKey, baseUrl: llm.baseUrl, model: 'bench-model' }, { logger });
    const runJob = async (withLlm: boolean) => {
      // The request asked again under a new job id, as a late transcript does: the job runs whole.
      const jobId = randomUUID();
      await bench.db.postSessionRequest.update({
        where: { id: world.request },
        data: { status: 'queued', jobId },
      });
      const job = { id: world.request, jobId };
      const started = performance.now();
      const text = await worker.start(job);
      if (!text) throw new Error('the run was stale');
      const read = performance.now();
      const outcome = await runPostSessionPipeline(text, {
        deepgram: null,
        recapWriter: withLlm ? writer : null,
        logger,
      });
      const made = performance.now();
      const { stored } = await worker.store({
        ...job,
        summary: outcome.summary,
        topics: outcome.topics,
        recap: outcome.recap,
      });
      const done = performance.now();
      if (!stored || outcome.recap?.source !== (withLlm ? 'llm' : 'extractive'))
        throw new Error(`the recap run went wrong: ${outcome.recap?.source}`);
      return {
        total: done - started,
        read: read - started,
        pipeline: made - read,
        store: done - made,
        lines: text.lines.length,
      };
    };
    for (const withLlm of [true, false]) {
      await runJob(withLlm); // warm up
      const runs: Awaited<ReturnType<typeof runJob>>[] = [];
      for (let i = 0; i < RECAP_RUNS; i++) runs.push(await runJob(withLlm));
      const name = withLlm ? 'recapJobLlm60min' : 'recapJobExtractive60min';
      const pick = (k: 'total' | 'read' | 'pipeline' | 'store') => Math.round(median(runs.map((r) => r[k])) * 10) / 10;
      log(name, {
        total: pick('total'),
        read: pick('read'),
        pipeline: pick('pipeline'),
        store: pick('store'),
        lines: runs[0]?.lines,
      });
      metrics[`${name}Ms`] = {
        value: pick('total'),
        unit: 'ms',
        runs: runs.map((r) => Math.round(r.total * 10) / 10),
        note: `postSession.start + pipeline + postSession.store for ${runs[0]?.lines} final segments (60 min); ${withLlm ? 'the LLM is the local chat-completions stand-in answering at once, so this is our own cost: prompt building, the SDK round trip, zod, sealing' : 'no LLM: extractive summary, keyword topics and the extractive recap'}`,
      };
      metrics[`${name}ReadMs`] = {
        value: pick('read'),
        unit: 'ms',
        note: 'postSession.start: transcript, context and goals',
      };
      metrics[`${name}PipelineMs`] = { value: pick('pipeline'), unit: 'ms', note: 'summary, topics and the recap' };
      metrics[`${name}StoreMs`] = { value: pick('store'), unit: 'ms', note: 'postSession.store: draft sealed, topics' };
    }
    const prompt = llm.requests.at(-1)?.messages.reduce((n, m) => n + m.content.length, 0) ?? 0;
    metrics.recapPromptChars = {
      value: prompt,
      unit: 'characters',
      note: `system + user message for the 60-minute session (≈ ${Math.round(prompt / 4)} tokens at 4 characters a token)`,
    };

    // (2) Dashboards, each against its twin.
    const client = callerAs({ kind: 'user', userId: world.client, role: 'client', userSessionId: 'b' }).coaching
      .dashboard;
    const coach = callerAs({ kind: 'user', userId: world.coach, role: 'coach', userSessionId: 'b' }).coaching.dashboard;
    const oursClient = await client.client();
    const twinClient = await twinClientDashboard(pool, world.client, now);
    if (JSON.stringify(fingerprintClient(oursClient)) !== JSON.stringify(twinClient))
      throw new Error(
        `client dashboard: the twin's answer differs\n${JSON.stringify(fingerprintClient(oursClient))}\n${JSON.stringify(twinClient)}`,
      );
    const oursCoach = await coach.coach();
    const twinCoach = await twinCoachDashboard(pool, world.coach, now, settings.relationships.accessDays);
    if (JSON.stringify(fingerprintCoach(oursCoach)) !== JSON.stringify(twinCoach))
      throw new Error(
        `coach dashboard: the twin's answer differs\n${JSON.stringify(fingerprintCoach(oursCoach))}\n${JSON.stringify(twinCoach)}`,
      );
    log('dashboards agree with their twins', {
      drafts: oursCoach.draftsToReview.length,
      overdueClients: oursCoach.overdueHomework.length,
      today: oursCoach.today.length,
      goals: oursClient.goals.length,
      homework: oursClient.homework.length,
    });
    const clientRun = await paired(
      DASHBOARD_ROUNDS,
      () => client.client(),
      () => twinClientDashboard(pool, world.client, now),
      20,
    );
    log('client dashboard vs twin', { ours: clientRun.oursMedian, twin: clientRun.twinMedian, ratio: clientRun.ratio });
    const coachRun = await paired(
      DASHBOARD_ROUNDS,
      () => coach.coach(),
      () => twinCoachDashboard(pool, world.coach, now, settings.relationships.accessDays),
      20,
    );
    log('coach dashboard vs twin', { ours: coachRun.oursMedian, twin: coachRun.twinMedian, ratio: coachRun.ratio });
    const rows = `${COACHES * CLIENTS_PER_COACH} clients, ${COACHES * CLIENTS_PER_COACH * SESSIONS_PER_CLIENT} sessions, 3 goals × 10 progress and 8 assignments per client`;
    Object.assign(
      metrics,
      pairedMetrics(
        'clientDashboard',
        clientRun,
        `coaching.dashboard.client in process (createCaller: zod, the procedure, Prisma): latest published recap, active goals with their last 5 progress, open homework; ${rows}`,
        'three plain SQL statements in parallel on a kept pg pool (LATERAL for the last 5 progress)',
      ),
      pairedMetrics(
        'coachDashboard',
        coachRun,
        `coaching.dashboard.coach in process: the coach's zone, clients with access, drafts to review, clients with overdue homework, today's agenda; ${rows}`,
        'the zone, then three plain SQL statements in parallel, each with the access rule as a CTE, on a kept pg pool',
      ),
    );
    return { suite: 'coaching', metrics };
  } finally {
    await pool.end();
    await llm.close();
    await bench.close();
  }
}

/** Coaches with clients, each with a session history, goals and homework; one 60-minute session to recap. */
async function seed(db: Awaited<ReturnType<typeof startBenchDatabase>>['db'], now: Date) {
  const todayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const coaches = Array.from({ length: COACHES }, (_, c) => ({
    id: `coach-${c}`,
    email: `coach-${c}@ultra.example`,
    displayName: `Coach ${c}`,
    role: 'coach' as const,
  }));
  const clients = coaches.flatMap((coach, c) =>
    Array.from({ length: CLIENTS_PER_COACH }, (_, k) => ({
      id: `client-${c}-${k}`,
      email: `client-${c}-${k}@vagus.example`,
      displayName: `Client ${c}-${k}`,
      coachId: coach.id,
      k,
    })),
  );
  await db.user.createMany({ data: coaches });
  await db.user.createMany({ data: clients.map(({ coachId: _c, k: _k, ...u }) => u) });
  await db.coachClientRelationship.createMany({
    data: clients.map((k) => ({ coachId: k.coachId, clientId: k.id, origin: 'client_booking' as const })),
  });
  const appointments: {
    id: string;
    coachId: string;
    clientId: string;
    scheduledFor: Date;
    endsAt: Date;
    roomId: string;
    status: 'completed';
    bookedById: string;
    durationMin: number;
  }[] = [];
  const sessions: {
    appointmentId: string;
    startedAt: Date;
    endedAt: Date;
    aiSummary: string;
    summary: string | null;
    summaryPublishedAt: Date | null;
  }[] = [];
  for (const k of clients)
    for (let j = 0; j < SESSIONS_PER_CLIENT; j++) {
      const scheduledFor = new Date(todayStart.getTime() - (j + 1) * 7 * DAY - k.k * HOUR);
      const id = `a-${k.id}-${j}`;
      appointments.push({
        id,
        coachId: k.coachId,
        clientId: k.id,
        scheduledFor,
        endsAt: new Date(scheduledFor.getTime() + HOUR),
        roomId: `session-${id}`,
        status: 'completed',
        bookedById: k.id,
        durationMin: 60,
      });
      // The latest session of every other client waits for review; the rest are published.
      const draft = j === 0 && k.k % 2 === 0;
      sessions.push({
        appointmentId: id,
        startedAt: scheduledFor,
        endedAt: new Date(scheduledFor.getTime() + HOUR),
        aiSummary: `Draft ${j}`,
        summary: draft ? null : `Recap ${j} of ${k.id}`,
        summaryPublishedAt: draft ? null : new Date(scheduledFor.getTime() + 2 * HOUR),
      });
    }
  // Today's agenda: four sessions of the first coach today.
  for (let h = 0; h < 4; h++) {
    const k = clients[h];
    if (!k) continue;
    const scheduledFor = new Date(todayStart.getTime() + (8 + 2 * h) * HOUR);
    const id = `today-${h}`;
    appointments.push({
      id,
      coachId: 'coach-0',
      clientId: k.id,
      scheduledFor,
      endsAt: new Date(scheduledFor.getTime() + HOUR),
      roomId: `session-${id}`,
      status: 'completed',
      bookedById: k.id,
      durationMin: 60,
    });
  }
  await db.appointment.createMany({ data: appointments });
  await db.session.createMany({ data: sessions });
  const goals = clients.flatMap((k) =>
    [0, 1, 2].map((g) => ({ id: `g-${k.id}-${g}`, clientId: k.id, title: `Goal ${g}` })),
  );
  await db.clientGoal.createMany({ data: goals });
  await db.goalProgress.createMany({
    data: goals.flatMap((g) =>
      Array.from({ length: 10 }, (_, i) => ({
        goalId: g.id,
        rating: 1 + (i % 5),
        note: `Week ${i}`,
        createdAt: new Date(now.getTime() - (10 - i) * 7 * DAY),
      })),
    ),
  });
  const exercises = coaches.map((c) => ({
    id: `ex-${c.id}`,
    createdBy: c.id,
    title: 'Evening breathing',
    description: 'Breathe',
    instructions: 'Four in, six out',
    category: 'breathing',
    duration: 300,
    difficulty: 'beginner' as const,
  }));
  await db.exercise.createMany({ data: exercises });
  await db.exerciseAssignment.createMany({
    data: clients.flatMap((k) =>
      Array.from({ length: 8 }, (_, i) => ({
        exerciseId: `ex-${k.coachId}`,
        clientId: k.id,
        coachId: k.coachId,
        // 3 done, 2 overdue (for every third client), the rest due ahead.
        completed: i < 3,
        completedAt: i < 3 ? new Date(now.getTime() - (i + 1) * DAY) : null,
        dueDate:
          i < 3
            ? new Date(now.getTime() - (i + 2) * DAY)
            : i < 5 && k.k % 3 === 0
              ? new Date(now.getTime() - (i - 2) * DAY)
              : new Date(now.getTime() + (i + 1) * DAY),
        createdAt: new Date(now.getTime() - 10 * DAY + i * HOUR),
      })),
    ),
  });

  // The session to recap: the first coach's first client, 60 minutes of transcript.
  const recapId = 'a-client-0-0-0';
  const session = await db.session.findUniqueOrThrow({ where: { appointmentId: recapId } });
  const start = session.startedAt.getTime();
  await db.message.createMany({
    data: Array.from({ length: SEGMENTS }, (_, i) => ({
      sessionId: session.id,
      userId: i % 2 === 0 ? 'client-0-0' : 'coach-0',
      sender: i % 2 === 0 ? ('client' as const) : ('coach' as const),
      kind: 'transcript' as const,
      content: sentence(i),
      seq: i,
      isFinal: true,
      spokenAt: new Date(start + i * 10_000),
      idempotencyKey: `seg-${i}`,
    })),
  });
  const request = await db.postSessionRequest.create({ data: { appointmentId: recapId, requestedAt: now } });
  return { coach: 'coach-0', client: 'client-0-0', request: request.id };
}

type ClientDashboard = Awaited<ReturnType<ReturnType<typeof createCaller>['coaching']['dashboard']['client']>>;
type CoachDashboard = Awaited<ReturnType<ReturnType<typeof createCaller>['coaching']['dashboard']['coach']>>;

/** What both sides must agree on: ids, texts, ratings and counts, in order. */
function fingerprintClient(d: ClientDashboard) {
  return {
    recap: d.latestRecap ? [d.latestRecap.appointmentId, d.latestRecap.summary] : null,
    goals: d.goals.map((g) => [g.id, g.progress.map((p) => p.rating)]),
    homework: d.homework.map((h) => [h.id, h.overdue]),
  };
}

function fingerprintCoach(d: CoachDashboard) {
  return {
    drafts: d.draftsToReview.map((a) => [a.id, a.client.displayName]),
    overdue: d.overdueHomework.map((o) => [o.clientId, o.clientName, o.overdue]),
    today: d.today.map((a) => [a.id, a.client.displayName]),
  };
}

async function twinClientDashboard(pool: pg.Pool, clientId: string, now: Date) {
  const [recap, goals, homework] = await Promise.all([
    pool.query<{ id: string; summary: string }>(
      `SELECT a.id, s.summary, a."scheduledFor", s."summaryPublishedAt", c.id AS "coachId", c."displayName", c."coachName", c."profilePhotoPath"
       FROM "Session" s JOIN "Appointment" a ON a.id = s."appointmentId" JOIN "User" c ON c.id = a."coachId"
       WHERE a."clientId" = $1 AND s."summaryPublishedAt" IS NOT NULL
       ORDER BY a."scheduledFor" DESC LIMIT 1`,
      [clientId],
    ),
    pool.query<{ id: string; progress: { rating: number }[] }>(
      `SELECT g.id, g.title, g."targetDate", COALESCE(p.progress, '[]') AS progress
       FROM "ClientGoal" g
       LEFT JOIN LATERAL (
         SELECT json_agg(x ORDER BY x."createdAt") AS progress FROM (
           SELECT rating, note, "createdAt" FROM "GoalProgress" WHERE "goalId" = g.id ORDER BY "createdAt" DESC LIMIT 5) x
       ) p ON TRUE
       WHERE g."clientId" = $1 AND g.status = 'active' ORDER BY g."createdAt", g.id LIMIT 10`,
      [clientId],
    ),
    pool.query<{ id: string; dueDate: Date | null }>(
      `SELECT ea.id, ea."dueDate", e.title, e.duration FROM "ExerciseAssignment" ea JOIN "Exercise" e ON e.id = ea."exerciseId"
       WHERE ea."clientId" = $1 AND NOT ea.completed
       ORDER BY ea."dueDate" ASC NULLS LAST, ea."createdAt" ASC LIMIT 10`,
      [clientId],
    ),
  ]);
  const latest = recap.rows[0];
  return {
    recap: latest ? [latest.id, latest.summary] : null,
    goals: goals.rows.map((g) => [g.id, g.progress.map((p) => p.rating)]),
    homework: homework.rows.map((h) => [h.id, h.dueDate !== null && h.dueDate < now]),
  };
}

async function twinCoachDashboard(pool: pg.Pool, coachId: string, now: Date, accessDays: number) {
  const since = new Date(now.getTime() - accessDays * DAY);
  // The access rule of relationship/access.ts, written out.
  const clients = `WITH clients AS (
    SELECT r."clientId" FROM "CoachClientRelationship" r
    WHERE r."coachId" = $1 AND r."endedAt" IS NULL AND (
      (r.origin = 'admin' AND r."createdAt" > $2)
      OR EXISTS (SELECT 1 FROM "Appointment" a WHERE a."coachId" = r."coachId" AND a."clientId" = r."clientId"
        AND ((a.status IN ('scheduled', 'active') AND (a."bookedById" IS NULL OR a."bookedById" <> r."coachId"))
          OR (a.status = 'completed' AND a."endsAt" > $2)))))`;
  const [drafts, overdue, agenda] = await Promise.all([
    pool.query<{ id: string; displayName: string }>(
      `${clients}
       SELECT a.id, a."scheduledFor", a."endsAt", k.id AS "clientId", k."displayName", k."coachName", k."profilePhotoPath"
       FROM "Appointment" a JOIN "Session" s ON s."appointmentId" = a.id JOIN "User" k ON k.id = a."clientId"
       WHERE a."coachId" = $1 AND a.status = 'completed' AND a."clientId" IN (SELECT "clientId" FROM clients)
         AND s."summaryPublishedAt" IS NULL AND (s."aiSummary" IS NOT NULL OR s."sealedAiRecap" IS NOT NULL)
       ORDER BY a."scheduledFor" DESC LIMIT 20`,
      [coachId, since],
    ),
    pool.query<{ clientId: string; displayName: string; overdue: number }>(
      `${clients}
       SELECT ea."clientId", u."displayName", count(*)::int AS overdue, min(ea."dueDate") AS "oldestDue"
       FROM "ExerciseAssignment" ea JOIN "User" u ON u.id = ea."clientId"
       WHERE ea."coachId" = $1 AND NOT ea.completed AND ea."dueDate" < $3
         AND ea."clientId" IN (SELECT "clientId" FROM clients)
       GROUP BY ea."clientId", u."displayName" ORDER BY min(ea."dueDate") ASC, ea."clientId" ASC LIMIT 20`,
      [coachId, since, now],
    ),
    pool.query<{ id: string; displayName: string }>(
      `SELECT a.id, a."scheduledFor", a."endsAt", a.status, a."absentRoles", k."displayName", k.id AS "clientId"
       FROM "User" me JOIN "Appointment" a ON a."coachId" = me.id JOIN "User" k ON k.id = a."clientId"
       WHERE me.id = $1 AND a.status <> 'cancelled'
         AND a."scheduledFor" >= date_trunc('day', $2::timestamptz AT TIME ZONE me.timezone) AT TIME ZONE me.timezone
         AND a."scheduledFor" < (date_trunc('day', $2::timestamptz AT TIME ZONE me.timezone) + interval '1 day') AT TIME ZONE me.timezone
       ORDER BY a."scheduledFor" ASC`,
      [coachId, now],
    ),
  ]);
  return {
    drafts: drafts.rows.map((a) => [a.id, a.displayName]),
    overdue: overdue.rows.map((o) => [o.clientId, o.displayName, o.overdue]),
    today: agenda.rows.map((a) => [a.id, a.displayName]),
  };
}
