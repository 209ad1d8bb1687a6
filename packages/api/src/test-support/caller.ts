import { createLogger, loadEnv } from '@hybridcoach/config';
import type { TestDatabase } from '@hybridcoach/db/testing';
import { type Context, createContext } from '../core/context';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';

const logger = createLogger('api-test', 'silent');

/**
 * The real router, called in-process as `principal` over a test database, with the test key
 * ring and development settings unless the test says otherwise: what most domain tests drive.
 */
export function callerAs(t: TestDatabase, principal: Principal, overrides: Partial<Context> = {}) {
  return createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 'test',
      settings: settingsFromEnv(loadEnv({})),
      keys: t.keys,
      mailer: new DevMailbox(logger),
      principal,
      ...overrides,
    }),
  );
}

/** A signed-in member as a principal (the session id is not looked up by in-process calls). */
export function member(userId: string, role: 'client' | 'coach' | 'admin'): Principal {
  return { kind: 'user', userId, role, userSessionId: `s-${userId}` };
}
