import type { Role } from '@hybridcoach/db';

export type ServiceName = 'agent' | 'worker' | 'system';

/** Who is calling. Resolved once per request by the server; procedures only read it. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; role: Role; userSessionId: string }
  | { kind: 'service'; service: ServiceName };

export const anonymous: Principal = { kind: 'anonymous' };

/** A signed-in person, as procedures and domain functions see the caller. */
export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
