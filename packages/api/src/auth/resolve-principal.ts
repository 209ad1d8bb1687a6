import type { Db } from '@hybridcoach/db';
import type { Principal } from '../core/principal';
import { type ServiceTokens, servicePrincipalFromHeader } from '../core/service-token';
import type { SessionPolicy } from './session-token';
import { type ValidatedSession, validateSessionToken } from './user-session';

/**
 * Who is calling: a service by its bearer token, else a user by the session cookie, else
 * anonymous. `session` is returned so the server can re-send a renewed cookie.
 */
export async function resolvePrincipal(input: {
  db: Db;
  authorization: string | undefined;
  sessionToken: string | undefined;
  serviceTokens: ServiceTokens;
  now: Date;
  sessions: SessionPolicy;
}): Promise<{ principal: Principal; session: ValidatedSession | null }> {
  const service = servicePrincipalFromHeader(input.authorization, input.serviceTokens);
  if (service) return { principal: service, session: null };
  if (!input.sessionToken) return { principal: { kind: 'anonymous' }, session: null };
  const session = await validateSessionToken(input.db, input.sessionToken, input.now, input.sessions);
  if (!session) return { principal: { kind: 'anonymous' }, session: null };
  return {
    principal: { kind: 'user', userId: session.userId, role: session.role, userSessionId: session.userSessionId },
    session,
  };
}
