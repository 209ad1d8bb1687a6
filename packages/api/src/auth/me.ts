import { type Db, Prisma, type Role, sqlRows } from '@hybridcoach/db';
import type { Context } from '../core/context';
import type { Principal } from '../core/principal';

/** Who is signed in, with what the SPA needs on every page. */
export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  timezone: string;
  profilePhotoPath: string | null;
  needsOnboarding: boolean;
}

/**
 * The columns `CurrentUser` is made of, over `u` ("User") and `p` (their "Profile", left-joined),
 * so that session validation reads them in its own statement (user-session.ts).
 */
export const currentUserColumns = Prisma.sql`u.id AS "userId", u.role::text AS role, u.email, u."displayName",
  u.timezone, u."profilePhotoPath", COALESCE(p."onboardingCompleted", false) AS "onboardingCompleted"`;

export interface CurrentUserRow {
  userId: string;
  role: Role;
  email: string;
  displayName: string;
  timezone: string;
  profilePhotoPath: string | null;
  onboardingCompleted: boolean;
}

export function currentUserOf(row: CurrentUserRow): CurrentUser {
  return {
    id: row.userId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    timezone: row.timezone,
    profilePhotoPath: row.profilePhotoPath,
    needsOnboarding: row.role === 'client' && !row.onboardingCompleted,
  };
}

/**
 * Who is signed in; null when signed out. Over HTTP the session's own statement already read
 * it (`ctx.viewer`); in-process callers with a principal of their own get it read here.
 */
export async function currentUser(
  deps: Pick<Context, 'db' | 'viewer'>,
  principal: Principal,
): Promise<CurrentUser | null> {
  if (principal.kind !== 'user') return null;
  if (deps.viewer?.id === principal.userId) return deps.viewer;
  return readCurrentUser(deps.db, principal.userId);
}

async function readCurrentUser(db: Db, userId: string): Promise<CurrentUser | null> {
  const [row] = await sqlRows<CurrentUserRow>(
    db,
    Prisma.sql`SELECT ${currentUserColumns} FROM "User" u LEFT JOIN "Profile" p ON p."userId" = u.id WHERE u.id = ${userId}`,
  );
  return row ? currentUserOf(row) : null;
}
