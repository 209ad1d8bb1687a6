import { type Db, Prisma, type Role, sqlRows } from '@hybridcoach/db';
import type { Context } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { recordAudit } from './audit';
import { type CurrentUser, type CurrentUserRow, currentUserColumns, currentUserOf } from './me';
import { generateSessionToken, hashSessionToken, type SessionPolicy, sessionEnd } from './session-token';

export interface SessionRequestInfo {
  ip: string | null;
  userAgent: string | null;
  fingerprint: string | null;
}

export interface ValidatedSession {
  userSessionId: string;
  userId: string;
  role: Role;
  expiresAt: Date;
  /** True when the expiry moved: the cookie must be sent again with the new date. */
  renewed: boolean;
  /** What `auth.me` answers, read by the same statement. */
  user: CurrentUser;
}

/** Starts a session (Lucia's current guide): returns the token for the cookie. */
export async function createUserSession(
  db: Db,
  input: {
    userId: string;
    authCodeId?: string | null;
    request: SessionRequestInfo;
    skool?: { userId: string; username: string };
  },
  now: Date,
  policy: SessionPolicy,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = sessionEnd(policy, now, now);
  await db.userSession.create({
    data: {
      sessionId: hashSessionToken(token),
      userId: input.userId,
      authCodeId: input.authCodeId ?? null,
      skoolUserId: input.skool?.userId ?? null,
      skoolUsername: input.skool?.username ?? null,
      createdAt: now,
      lastActive: now,
      expiresAt,
      ipAddress: input.request.ip,
      userAgent: input.request.userAgent,
      deviceFingerprint: input.request.fingerprint,
    },
  });
  return { token, expiresAt };
}

const ACTIVITY_RESOLUTION_MS = 60_000;
/** The cookie is sent again when its expiry moved at least this far (not on every request). */
const COOKIE_RENEWAL_MS = 60 * 60_000;

/**
 * Resolves a cookie token to its session, or null when unknown, revoked, expired (idle too long,
 * or past its absolute lifetime) or belonging to a deleted user. Records `lastActive` at most
 * once a minute, so that reads do not become writes on every request; the stored expiry is
 * always the earlier of "idle from now" and "absolute from the start".
 */
export async function validateSessionToken(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  // The one statement of every authenticated request (measured in bench/): the session, its user
  // and what every page shows of them. Per-request checks join here rather than add statements.
  const [session] = await sqlRows<
    CurrentUserRow & {
      id: string;
      isActive: boolean;
      expiresAt: Date;
      lastActive: Date;
      createdAt: Date;
      deletedAt: Date | null;
    }
  >(
    db,
    Prisma.sql`
    SELECT s.id, s."isActive", s."expiresAt", s."lastActive", s."createdAt", u."deletedAt", ${currentUserColumns}
    FROM "UserSession" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Profile" p ON p."userId" = u.id
    WHERE s."sessionId" = ${hashSessionToken(token)}`,
  );
  if (!session?.isActive || session.deletedAt) return null;
  // Checked against the policy in force, not only the stored expiry: a shorter policy applies at once.
  if (session.expiresAt <= now || sessionEnd(policy, session.createdAt, session.lastActive) <= now) {
    await db.userSession.update({ where: { id: session.id }, data: { isActive: false } });
    return null;
  }
  let expiresAt = session.expiresAt;
  let renew = false;
  if (now.getTime() - session.lastActive.getTime() >= ACTIVITY_RESOLUTION_MS) {
    expiresAt = sessionEnd(policy, session.createdAt, now);
    renew = expiresAt.getTime() - session.expiresAt.getTime() >= COOKIE_RENEWAL_MS;
    await db.userSession.update({ where: { id: session.id }, data: { lastActive: now, expiresAt } });
  }
  return {
    userSessionId: session.id,
    userId: session.userId,
    role: session.role,
    expiresAt,
    renewed: renew,
    user: currentUserOf(session),
  };
}

export async function invalidateUserSession(db: Db, userSessionId: string): Promise<void> {
  await db.userSession.updateMany({ where: { id: userSessionId }, data: { isActive: false } });
}

export function listActiveSessions(db: Db, userId: string, now: Date) {
  return db.userSession.findMany({
    where: { userId, isActive: true, expiresAt: { gt: now } },
    select: {
      id: true,
      createdAt: true,
      lastActive: true,
      expiresAt: true,
      ipAddress: true,
      userAgent: true,
      deviceFingerprint: true,
    },
    orderBy: { lastActive: 'desc' },
  });
}

/** Signs one of the caller's own browsers out (audited); someone else's session is NOT_FOUND. */
export async function revokeOwnSession(
  deps: Pick<Context, 'db' | 'ip' | 'userAgent'>,
  user: UserPrincipal,
  userSessionId: string,
) {
  const { count } = await deps.db.userSession.updateMany({
    where: { id: userSessionId, userId: user.userId, isActive: true },
    data: { isActive: false },
  });
  if (count === 0) throw new DomainError('NOT_FOUND', 'No active session of yours with that id.');
  await recordAudit(deps.db, {
    action: 'auth.session_revoked',
    userId: user.userId,
    targetId: userSessionId,
    ip: deps.ip,
    userAgent: deps.userAgent,
  });
  return { revoked: true, wasCurrent: userSessionId === user.userSessionId };
}

/** "Sign out everywhere else": every other browser of the caller's is signed out (audited). */
export async function revokeOtherSessions(
  deps: Pick<Context, 'db' | 'ip' | 'userAgent'>,
  user: UserPrincipal,
): Promise<{ revoked: number }> {
  const { count } = await deps.db.userSession.updateMany({
    where: { userId: user.userId, isActive: true, id: { not: user.userSessionId } },
    data: { isActive: false },
  });
  if (count > 0)
    await recordAudit(deps.db, {
      action: 'auth.session_revoked',
      userId: user.userId,
      ip: deps.ip,
      userAgent: deps.userAgent,
      metadata: { others: count },
    });
  return { revoked: count };
}
