import type { Role } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { recordAudit } from './audit';
import { syncRole } from './role-sync';
import { deviceFingerprint, SESSION_COOKIE } from './session-token';
import { createUserSession, invalidateUserSession } from './user-session';

export type SignInMethod = 'skool_code' | 'google' | 'dev' | 'setup_link';

export interface SignedIn {
  userId: string;
  role: Role;
  needsOnboarding: boolean;
}

export function requestFingerprint(deps: Deps<'http' | 'userAgent'>): string | null {
  return deps.http ? deviceFingerprint(deps.userAgent, deps.http.acceptLanguage) : null;
}

/**
 * The end of every sign-in: role recomputed from the memberships (audited when it changes),
 * a new session in the database, its token in the cookie, and an audit entry.
 */
export async function startSignedInSession(
  deps: Deps<'db' | 'http' | 'ip' | 'now' | 'settings' | 'userAgent'>,
  input: { userId: string; method: SignInMethod; authCodeId?: string; skoolUsername?: string },
): Promise<SignedIn> {
  const now = deps.now();
  const user = await deps.db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, deletedAt: true, role: true, profile: { select: { onboardingCompleted: true } } },
  });
  if (!user || user.deletedAt) throw new DomainError('FORBIDDEN', 'This account is closed.');
  const role = await syncRole(deps.db, user.id, deps.settings.adminEmails, now);
  await deps.db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  const { token, expiresAt } = await createUserSession(
    deps.db,
    {
      userId: user.id,
      authCodeId: input.authCodeId ?? null,
      skool: input.skoolUsername ? { userId: user.id, username: input.skoolUsername } : undefined,
      request: { ip: deps.ip, userAgent: deps.userAgent, fingerprint: requestFingerprint(deps) },
    },
    now,
    deps.settings.sessions,
  );
  deps.http?.setCookie(SESSION_COOKIE, token, { expires: expiresAt });
  await recordAudit(deps.db, {
    action: 'auth.sign_in',
    userId: user.id,
    ip: deps.ip,
    userAgent: deps.userAgent,
    metadata: { method: input.method },
  });
  return { userId: user.id, role, needsOnboarding: role === 'client' && !user.profile?.onboardingCompleted };
}

export async function signOut(
  deps: Deps<'db' | 'http' | 'ip' | 'userAgent'>,
  userId: string,
  userSessionId: string,
): Promise<void> {
  await invalidateUserSession(deps.db, userSessionId);
  deps.http?.clearCookie(SESSION_COOKIE);
  await recordAudit(deps.db, { action: 'auth.sign_out', userId, ip: deps.ip, userAgent: deps.userAgent });
}
