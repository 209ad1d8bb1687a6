import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { anonymous, type Principal } from './principal';

/** What every procedure receives. Built by the web server per request, or by `systemContext`. */
export interface Context {
  db: Db;
  logger: Logger;
  principal: Principal;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export function createContext(input: Omit<Context, 'principal' | 'ip' | 'userAgent'> & Partial<Context>): Context {
  return { principal: anonymous, ip: null, userAgent: null, ...input };
}

/** The worker's in-process calls (createCaller): a service principal, no HTTP. */
export function systemContext(db: Db, logger: Logger): Context {
  return createContext({
    db,
    logger,
    requestId: `system-${Date.now()}`,
    principal: { kind: 'service', service: 'worker' },
  });
}
