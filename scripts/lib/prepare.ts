import { randomBytes } from 'node:crypto';
import type { Env, Logger } from '@hybridcoach/config';
import { createDb, type DatabaseHandle, openDatabase } from '@hybridcoach/db';
import { seedDemoData } from '@hybridcoach/db/seed';

export interface Prepared {
  database: DatabaseHandle;
  /** Environment for the app processes: the database URL and the services' tokens. */
  childEnv: NodeJS.ProcessEnv;
}

/**
 * What `npm start` and `npm run dev` do before the apps start: the database (DATABASE_URL or
 * the embedded default), pending migrations, demo data when the database is empty, and
 * service tokens (fresh random ones per run unless configured).
 */
export async function prepare(env: Env, logger: Logger, nodeEnv: 'production' | 'development'): Promise<Prepared> {
  const database = await openDatabase({ env, logger });
  const db = createDb({ url: database.url, poolSize: 2 });
  try {
    if ((await db.user.count()) === 0) {
      logger.info(await seedDemoData(db), 'empty database: demo data seeded');
    }
  } catch (err) {
    await database.close();
    throw err;
  } finally {
    await db.$disconnect();
  }
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: nodeEnv,
    DATABASE_URL: database.url,
    AGENT_SERVICE_TOKEN: env.AGENT_SERVICE_TOKEN ?? randomBytes(32).toString('hex'),
    WORKER_SERVICE_TOKEN: env.WORKER_SERVICE_TOKEN ?? randomBytes(32).toString('hex'),
    // The demo world's admin stays an admin unless the operator names their own.
    ADMIN_EMAILS: env.ADMIN_EMAILS.length > 0 ? env.ADMIN_EMAILS.join(',') : 'admin@hybridcoach.dev',
    API_URL: env.API_URL,
    PUBLIC_URL: env.PUBLIC_URL,
  };
  return { database, childEnv };
}
