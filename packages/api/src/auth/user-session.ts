import { type Db, Prisma, type Role, sqlRows } from '@hybridcoach/db';
import type { Context } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { recordAudit } from './audit';
import { type CurrentUser, type CurrentUserRow, currentUserColumns, currentUserOf } from './me';
import { generateSessionToken, hashSessionToken, SESSION_LIFETIME_MS } from './session-token';

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
    authCodeUsed?: string | null;
    request: SessionRequestInfo;
    skool?: { userId: string; username: string };
  },
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.userSession.create({
    data: {
      sessionId: hashSessionToken(token),
      userId: input.userId,
      authCodeUsed: input.authCodeUsed ?? null,
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

/**
 * Resolves a cookie token to its session, or null when unknown, revoked, expired or belonging
 * to a deleted user. Extends the expiry by 30 days once half of it is used, and records
 * `lastActive` at most once a minute so that reads do not become writes on every request.
 */
export async function validateSessionToken(db: Db, token: string, now: Date): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  // The one statement of every authenticated request (measured in bench/): the session, its user
  // and what every page shows of them. Per-request checks join here rather than add statements.
  const [session] = await sqlRows<
    CurrentUserRow & { id: string; isActive: boolean; expiresAt: Date; lastActive: Date; deletedAt: Date | null }
  >(
    db,
    Prisma.sql`
    SELECT s.id, s."isActive", s."expiresAt", s."lastActive", u."deletedAt", ${currentUserColumns}
    FROM "UserSession" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Profile" p ON p."userId" = u.id
    WHERE s."sessionId" = ${hashSessionToken(token)}`,
  );
  if (!session?.isActive || session.deletedAt) return null;
  if (session.expiresAt <= now) {
    await db.userSession.update({ where: { id: session.id }, data: { isActive: false } });
    return null;
  }
  const renew = session.expiresAt.getTime() - now.getTime() < SESSION_LIFETIME_MS / 2;
  const expiresAt = renew ? new Date(now.getTime() + SESSION_LIFETIME_MS) : session.expiresAt;
  if (renew || now.getTime() - session.lastActive.getTime() >= ACTIVITY_RESOLUTION_MS) {
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
