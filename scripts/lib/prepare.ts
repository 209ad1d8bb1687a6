import { randomBytes } from 'node:crypto';
import type { Env, Logger } from '@hybridcoach/config';
import { createDb, type DatabaseHandle, ensureKeyFile, keyFilePath, loadKeyRing, openDatabase } from '@hybridcoach/db';
import { seedDemoData } from '@hybridcoach/db/seed';

/** The demo world's admin: an address on a domain nobody receives mail for outside the demo. */
export const DEMO_ADMIN_EMAIL = 'admin@hybridcoach.dev';

export interface Prepared {
  database: DatabaseHandle;
  /** Environment for the app processes: the database URL and the services' tokens. */
  childEnv: NodeJS.ProcessEnv;
  demo: boolean;
}

/**
 * Demo data only where it is a demo: on the embedded default, or when asked for (`--demo`,
 * DEMO_DATA=1). A real database (DATABASE_URL) gets neither demo people nor a built-in admin;
 * the web server prints a one-time setup link for the first admin instead.
 */
export function wantsDemo(env: Pick<Env, 'DATABASE_URL' | 'DEMO_DATA'>, args: readonly string[]): boolean {
  if (args.includes('--demo')) return true;
  return env.DEMO_DATA ?? env.DATABASE_URL === undefined;
}

/**
 * What `npm start` and `npm run dev` do before the apps start: the database (DATABASE_URL or
 * the embedded default), the encryption key file when no key is configured, pending migrations,
 * demo data when it is a demo and the database is empty, and service tokens (fresh random ones per run unless configured).
 */
export async function prepare(
  env: Env,
  logger: Logger,
  nodeEnv: 'production' | 'development',
  args: readonly string[] = process.argv.slice(2),
): Promise<Prepared> {
  const demo = wantsDemo(env, args);
  // One machine needs no configuration: its key-encryption key is made once into DATA_DIR.
  if (await ensureKeyFile(env)) {
    logger.warn(
      { file: keyFilePath(env.DATA_DIR) },
      'made an encryption key for health data and backups: keep a copy of this file apart from the backups',
    );
  }
  const database = await openDatabase({ env, logger });
  if (demo) {
    const db = createDb({ url: database.url, poolSize: 2 });
    try {
      if ((await db.user.count()) === 0) {
        logger.info(await seedDemoData(db, { keys: await loadKeyRing(env) }), 'empty database: demo data seeded');
      }
    } catch (err) {
      await database.close();
      throw err;
    } finally {
      await db.$disconnect();
    }
  }
  const adminEmails = env.ADMIN_EMAILS.length > 0 ? env.ADMIN_EMAILS : demo ? [DEMO_ADMIN_EMAIL] : [];
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: nodeEnv,
    // The apps read and write rows; only this launcher migrates (as the owner).
    DATABASE_URL: database.appUrl,
    AGENT_SERVICE_TOKEN: env.AGENT_SERVICE_TOKEN ?? randomBytes(32).toString('hex'),
    WORKER_SERVICE_TOKEN: env.WORKER_SERVICE_TOKEN ?? randomBytes(32).toString('hex'),
    ADMIN_EMAILS: adminEmails.join(','),
    API_URL: env.API_URL,
    PUBLIC_URL: env.PUBLIC_URL,
  };
  return { database, childEnv, demo };
}
