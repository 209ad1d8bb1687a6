import { type Db, Prisma, type Role, sqlRows } from '@hybridcoach/db';

/**
 * The role of a signed-in browser's user now, or null when its session no longer stands
 * (signed out, revoked, expired, its user deleted). Long-lived streams ask this again while
 * they run: access checked once, at subscribe, would outlive a sign-out or a lost role.
 */
export async function liveSessionRole(db: Db, userSessionId: string, now: Date): Promise<Role | null> {
  // Raw and typed: it runs every few seconds for every open stream (bench/security-cost.ts).
  const [row] = await sqlRows<{ role: Role }>(db, liveSessionSql(userSessionId, now));
  return row?.role ?? null;
}

/** The statement behind liveSessionRole, to be joined with what a stream checks besides. */
export function liveSessionSql(userSessionId: string, now: Date, also: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    SELECT u.role::text AS role ${also}
    FROM "UserSession" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${userSessionId} AND s."isActive" AND s."expiresAt" > ${now} AND u."deletedAt" IS NULL`;
}
