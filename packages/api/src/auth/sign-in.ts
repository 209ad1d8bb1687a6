import type { Role } from '@hybridcoach/db';
import type { Context } from '../core/context';
import { DomainError } from '../core/errors';
import { recordAudit } from './audit';
import { syncRole } from './role-sync';
import { deviceFingerprint, SESSION_COOKIE } from './session-token';
import { createUserSession, invalidateUserSession } from './user-session';

export type SignInMethod = 'skool_code' | 'google' | 'dev';

export interface SignedIn {
  userId: string;
  role: Role;
  needsOnboarding: boolean;
}

export function requestFingerprint(ctx: Context): string | null {
  return ctx.http ? deviceFingerprint(ctx.userAgent, ctx.http.acceptLanguage) : null;
}

/**
 * The end of every sign-in: role recomputed from the memberships (audited when it changes),
 * a new session in the database, its token in the cookie, and an audit entry.
 */
export async function startSignedInSession(
  ctx: Context,
  input: { userId: string; method: SignInMethod; authCode?: string; skoolUsername?: string },
): Promise<SignedIn> {
  const now = ctx.now();
  const user = await ctx.db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, deletedAt: true, role: true, profile: { select: { onboardingCompleted: true } } },
  });
  if (!user || user.deletedAt) throw new DomainError('FORBIDDEN', 'This account is closed.');
  const role = await syncRole(ctx.db, user.id, ctx.settings.adminEmails, now);
  await ctx.db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  const { token, expiresAt } = await createUserSession(
    ctx.db,
    {
      userId: user.id,
      authCodeUsed: input.authCode ?? null,
      skool: input.skoolUsername ? { userId: user.id, username: input.skoolUsername } : undefined,
      request: { ip: ctx.ip, userAgent: ctx.userAgent, fingerprint: requestFingerprint(ctx) },
    },
    now,
  );
  ctx.http?.setCookie(SESSION_COOKIE, token, { expires: expiresAt });
  await recordAudit(ctx.db, {
    action: 'auth.sign_in',
    userId: user.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    metadata: { method: input.method },
  });
  return { userId: user.id, role, needsOnboarding: role === 'client' && !user.profile?.onboardingCompleted };
}

export async function signOut(ctx: Context, userId: string, userSessionId: string): Promise<void> {
  await invalidateUserSession(ctx.db, userSessionId);
  ctx.http?.clearCookie(SESSION_COOKIE);
  await recordAudit(ctx.db, { action: 'auth.sign_out', userId, ip: ctx.ip, userAgent: ctx.userAgent });
}
