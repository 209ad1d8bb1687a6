import { type AppointmentStatus, type Db, type ParticipantRole, Prisma, sqlRows } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { accessRule, clientsWithAccessSql } from '../relationship/access';

// Every visit of a home page reads these: plain statements through the pool (sqlRows), run in
// parallel, measured against hand-written twins in bench/coaching.ts.

interface Person {
  id: string;
  displayName: string;
  coachName: string | null;
  profilePhotoPath: string | null;
}

const personOf = (row: {
  personId: string;
  displayName: string;
  coachName: string | null;
  profilePhotoPath: string | null;
}): Person => ({
  id: row.personId,
  displayName: row.displayName,
  coachName: row.coachName,
  profilePhotoPath: row.profilePhotoPath,
});

/**
 * The client's home (beside their upcoming sessions, `scheduling.appointments`): the latest recap
 * their coach published (never a draft), their active goals with their last five progress
 * ratings, and open homework, soonest due first.
 */
export async function clientDashboard(db: Db, user: UserPrincipal, now: Date) {
  if (user.role !== 'client') throw new DomainError('FORBIDDEN', 'This dashboard is for clients.');
  const clientId = user.userId;
  const [recaps, goalRows, homework] = await Promise.all([
    sqlRows<{
      appointmentId: string;
      scheduledFor: Date;
      summary: string;
      publishedAt: Date;
      personId: string;
      displayName: string;
      coachName: string | null;
      profilePhotoPath: string | null;
    }>(
      db,
      Prisma.sql`
        SELECT a.id AS "appointmentId", a."scheduledFor", s.summary, s."summaryPublishedAt" AS "publishedAt",
          c.id AS "personId", c."displayName", c."coachName", c."profilePhotoPath"
        FROM "Session" s JOIN "Appointment" a ON a.id = s."appointmentId" JOIN "User" c ON c.id = a."coachId"
        WHERE a."clientId" = ${clientId} AND s."summaryPublishedAt" IS NOT NULL
        ORDER BY a."scheduledFor" DESC LIMIT 1`,
    ),
    sqlRows<{
      id: string;
      title: string;
      targetDate: Date | null;
      rating: number | null;
      note: string | null;
      createdAt: Date | null;
    }>(
      db,
      Prisma.sql`
        SELECT g.id, g.title, g."targetDate", p.rating, p.note, p."createdAt"
        FROM (SELECT id, title, "targetDate", "createdAt" FROM "ClientGoal"
              WHERE "clientId" = ${clientId} AND status = 'active' ORDER BY "createdAt", id LIMIT 10) g
        LEFT JOIN LATERAL (
          SELECT rating, note, "createdAt" FROM "GoalProgress" WHERE "goalId" = g.id ORDER BY "createdAt" DESC LIMIT 5
        ) p ON TRUE
        ORDER BY g."createdAt", g.id, p."createdAt"`,
    ),
    sqlRows<{ id: string; dueDate: Date | null; title: string; duration: number }>(
      db,
      Prisma.sql`
        SELECT ea.id, ea."dueDate", e.title, e.duration
        FROM "ExerciseAssignment" ea JOIN "Exercise" e ON e.id = ea."exerciseId"
        WHERE ea."clientId" = ${clientId} AND NOT ea.completed
        ORDER BY ea."dueDate" ASC NULLS LAST, ea."createdAt" ASC LIMIT 10`,
    ),
  ]);
  const goals = new Map<
    string,
    {
      id: string;
      title: string;
      targetDate: Date | null;
      progress: { rating: number; note: string; createdAt: Date }[];
    }
  >();
  for (const row of goalRows) {
    const goal = goals.get(row.id) ?? { id: row.id, title: row.title, targetDate: row.targetDate, progress: [] };
    goals.set(row.id, goal);
    if (row.rating !== null && row.note !== null && row.createdAt !== null)
      goal.progress.push({ rating: row.rating, note: row.note, createdAt: row.createdAt });
  }
  const recap = recaps[0];
  return {
    latestRecap: recap
      ? {
          appointmentId: recap.appointmentId,
          scheduledFor: recap.scheduledFor,
          coach: personOf(recap),
          summary: recap.summary,
          publishedAt: recap.publishedAt,
        }
      : null,
    goals: [...goals.values()],
    homework: homework.map((h) => ({
      id: h.id,
      dueDate: h.dueDate,
      exercise: { title: h.title, duration: h.duration },
      overdue: h.dueDate !== null && h.dueDate < now,
    })),
  };
}

/**
 * The coach's home: sessions whose recap draft waits for review, clients (of theirs now) with
 * overdue homework, and today's agenda — "today" in the coach's own time zone, by PostgreSQL's
 * zone rules (local midnight to the next local midnight, whatever the day's length).
 */
export async function coachDashboard(deps: Deps<'db' | 'settings'>, user: UserPrincipal, now: Date) {
  if (user.role !== 'coach') throw new DomainError('FORBIDDEN', 'This dashboard is for coaches.');
  const { db } = deps;
  const coachId = user.userId;
  const clients = clientsWithAccessSql(coachId, accessRule(deps.settings, now));
  type PersonRow = { personId: string; displayName: string; coachName: string | null; profilePhotoPath: string | null };
  const [drafts, overdue, today] = await Promise.all([
    sqlRows<{ id: string; scheduledFor: Date; endsAt: Date } & PersonRow>(
      db,
      Prisma.sql`
        SELECT a.id, a."scheduledFor", a."endsAt",
          k.id AS "personId", k."displayName", k."coachName", k."profilePhotoPath"
        FROM "Appointment" a JOIN "Session" s ON s."appointmentId" = a.id JOIN "User" k ON k.id = a."clientId"
        WHERE a."coachId" = ${coachId} AND a.status = 'completed' AND a."clientId" IN (${clients})
          AND s."summaryPublishedAt" IS NULL AND (s."aiSummary" IS NOT NULL OR s."sealedAiRecap" IS NOT NULL)
        ORDER BY a."scheduledFor" DESC LIMIT 20`,
    ),
    sqlRows<{ clientId: string; clientName: string; overdue: number; oldestDue: Date }>(
      db,
      Prisma.sql`
        SELECT ea."clientId", u."displayName" AS "clientName", count(*)::int AS overdue, min(ea."dueDate") AS "oldestDue"
        FROM "ExerciseAssignment" ea JOIN "User" u ON u.id = ea."clientId"
        WHERE ea."coachId" = ${coachId} AND NOT ea.completed AND ea."dueDate" < ${now}::timestamptz
          AND ea."clientId" IN (${clients})
        GROUP BY ea."clientId", u."displayName"
        ORDER BY min(ea."dueDate") ASC, ea."clientId" ASC LIMIT 20`,
    ),
    sqlRows<
      {
        id: string;
        scheduledFor: Date;
        endsAt: Date;
        status: AppointmentStatus;
        absentRoles: ParticipantRole[] | null;
      } & PersonRow
    >(
      db,
      Prisma.sql`
        SELECT a.id, a."scheduledFor", a."endsAt", a.status::text AS status, a."absentRoles"::text[] AS "absentRoles",
          k.id AS "personId", k."displayName", k."coachName", k."profilePhotoPath"
        FROM "User" me
        JOIN "Appointment" a ON a."coachId" = me.id
        JOIN "User" k ON k.id = a."clientId"
        WHERE me.id = ${coachId} AND a.status <> 'cancelled'
          AND a."scheduledFor" >= date_trunc('day', ${now}::timestamptz AT TIME ZONE me.timezone) AT TIME ZONE me.timezone
          AND a."scheduledFor" < (date_trunc('day', ${now}::timestamptz AT TIME ZONE me.timezone) + interval '1 day') AT TIME ZONE me.timezone
        ORDER BY a."scheduledFor" ASC`,
    ),
  ]);
  return {
    draftsToReview: drafts.map((a) => ({
      id: a.id,
      scheduledFor: a.scheduledFor,
      endsAt: a.endsAt,
      client: personOf(a),
    })),
    overdueHomework: overdue,
    today: today.map((a) => ({
      id: a.id,
      scheduledFor: a.scheduledFor,
      endsAt: a.endsAt,
      status: a.status,
      absentRoles: a.absentRoles ?? [],
      client: personOf(a),
    })),
  };
}
