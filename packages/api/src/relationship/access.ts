import { type Db, Prisma } from '@hybridcoach/db';
import type { AppSettings } from '../core/settings';

type Reader = Db | Prisma.TransactionClient;

export interface AccessRule {
  now: Date;
  /** How long after their last session together a coach keeps access (RELATIONSHIP_ACCESS_DAYS). */
  accessDays: number;
}

export function accessRule(settings: Pick<AppSettings, 'relationships'>, now: Date): AccessRule {
  return { now, accessDays: settings.relationships.accessDays };
}

/**
 * The one rule for a coach's access to a client's data, as SQL over the relationship row `r`:
 * the relationship is not ended, and it is alive — the client (or an admin) has a session booked
 * with the coach, or they had a session that ended within the access period, or an admin linked
 * them within it. A booking the coach made, or one that was cancelled, grants nothing by itself.
 */
function alive(rule: AccessRule): Prisma.Sql {
  const since = new Date(rule.now.getTime() - rule.accessDays * 86_400_000);
  return Prisma.sql`r."endedAt" IS NULL AND (
    (r.origin = 'admin' AND r."createdAt" > ${since}::timestamptz)
    OR EXISTS (
      SELECT 1 FROM "Appointment" a
      WHERE a."coachId" = r."coachId" AND a."clientId" = r."clientId"
        AND ((a.status IN ('scheduled', 'active') AND (a."bookedById" IS NULL OR a."bookedById" <> r."coachId"))
          OR (a.status = 'completed' AND a."endsAt" > ${since}::timestamptz))))`;
}

/** Whether the coach may see the client's data and book for them now. */
export async function coachHasAccess(
  db: Reader,
  input: { coachId: string; clientId: string },
  rule: AccessRule,
): Promise<boolean> {
  const [row] = await db.$queryRaw<{ ok: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "CoachClientRelationship" r
      WHERE r."coachId" = ${input.coachId} AND r."clientId" = ${input.clientId} AND ${alive(rule)}
    ) AS ok`;
  return row?.ok === true;
}

/** The ids of the clients a coach has access to now, as a subquery for a statement's `IN (…)`. */
export function clientsWithAccessSql(coachId: string, rule: AccessRule): Prisma.Sql {
  return Prisma.sql`SELECT r."clientId" FROM "CoachClientRelationship" r
    WHERE r."coachId" = ${coachId} AND ${alive(rule)}`;
}

/** The clients a coach has access to now. */
export async function clientsWithAccess(db: Reader, coachId: string, rule: AccessRule): Promise<string[]> {
  const rows = await db.$queryRaw<{ clientId: string }[]>(clientsWithAccessSql(coachId, rule));
  return rows.map((r) => r.clientId);
}

/**
 * A client's booking starts the relationship, or starts it again after an admin ended it (a
 * live one is left as it is). An admin's link or booking (origin `admin`) always (re)starts it
 * as the admin's, so access runs for the access period from now.
 */
export async function startRelationship(db: Reader, input: RelationshipStart): Promise<void> {
  await db.$executeRaw(startRelationshipSql(input));
}

export interface RelationshipStart {
  coachId: string;
  clientId: string;
  origin: 'client_booking' | 'admin';
  actorId: string;
  now: Date;
}

/** The statement of `startRelationship`, for callers inside a raw-SQL transaction (booking). */
export function startRelationshipSql(input: RelationshipStart): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "CoachClientRelationship" (id, "coachId", "clientId", origin, "createdById", "createdAt")
    VALUES (gen_random_uuid()::text, ${input.coachId}, ${input.clientId}, ${input.origin}::"RelationshipOrigin",
            ${input.actorId}, ${input.now})
    ON CONFLICT ("coachId", "clientId") DO UPDATE
      SET "endedAt" = NULL, "endedById" = NULL, origin = EXCLUDED.origin,
          "createdById" = EXCLUDED."createdById", "createdAt" = EXCLUDED."createdAt"
      WHERE "CoachClientRelationship"."endedAt" IS NOT NULL OR EXCLUDED.origin = 'admin'`;
}

/** An admin ends a relationship: the coach loses access at once. */
export async function endRelationship(
  db: Reader,
  input: { coachId: string; clientId: string; actorId: string; now: Date },
): Promise<boolean> {
  const { count } = await db.coachClientRelationship.updateMany({
    where: { coachId: input.coachId, clientId: input.clientId, endedAt: null },
    data: { endedAt: input.now, endedById: input.actorId },
  });
  return count === 1;
}
