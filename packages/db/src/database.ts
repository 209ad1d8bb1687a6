import path from 'node:path';
import type { Env, Logger } from '@hybridcoach/config';
import { createDb } from './client';
import { withDatabase } from './connection-url';
import { loadKeyRing } from './crypto/key-ring';
import { type EmbeddedServer, ensureDatabase, startEmbeddedPostgres } from './embedded';
import { migrateDeploy } from './migrate';
import { assertSchemaNotNewer } from './migration-history';
import { protectMigrationHistory, provisionRoles } from './roles';
import { sealPendingPlaintext } from './seal-pending';

export const EMBEDDED_DATABASE = 'hybridcoach';

export interface DatabaseHandle {
  /** The application database, as its owner: migrations, seeding, backups, the db:* scripts. */
  url: string;
  /**
   * What the app processes connect as: on the embedded server a role that reads and writes rows
   * and owns no table (roles.ts); with DATABASE_URL, that URL (README: roles on your server).
   */
  appUrl: string;
  /** The same server's maintenance database, for creating and dropping scratch databases. */
  adminUrl: string;
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when it is set (nothing is started); otherwise the embedded PostgreSQL with its
 * data under DATA_DIR/postgres, kept across runs. Applies pending migrations unless told not to,
 * then seals any health data a migration left waiting in plaintext (seal-pending.ts).
 */
export async function openDatabase(options: {
  env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_PG_PORT' | 'ENCRYPTION_KEYS'>;
  logger: Logger;
  migrate?: boolean;
}): Promise<DatabaseHandle> {
  const { env, logger, migrate = true } = options;
  let handle: DatabaseHandle;
  if (env.DATABASE_URL) {
    handle = {
      url: env.DATABASE_URL,
      appUrl: env.DATABASE_URL,
      adminUrl: withDatabase(env.DATABASE_URL, 'postgres'),
      embedded: null,
      close: async () => {},
    };
  } else {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(env.DATA_DIR, 'postgres'),
      port: env.EMBEDDED_PG_PORT,
      logger,
    });
    try {
      if (await ensureDatabase(embedded.url(), EMBEDDED_DATABASE)) {
        logger.info({ database: EMBEDDED_DATABASE }, 'created database');
      }
      await provisionRoles(embedded.url(), EMBEDDED_DATABASE, embedded.credentials);
    } catch (err) {
      await embedded.stop();
      throw err;
    }
    handle = {
      url: embedded.roleUrl('owner', EMBEDDED_DATABASE),
      appUrl: embedded.roleUrl('app', EMBEDDED_DATABASE),
      adminUrl: embedded.url(),
      embedded,
      close: () => embedded.stop(),
    };
  }
  if (migrate) {
    const started = performance.now();
    try {
      // Before deploy, which would apply this checkout's migrations on top and carry on.
      await assertSchemaNotNewer(handle.url);
      await migrateDeploy(handle.url);
      if (handle.embedded) await protectMigrationHistory(handle.url);
      const db = createDb({ url: handle.url, poolSize: 1 });
      try {
        await sealPendingPlaintext(db, () => loadKeyRing(env), logger);
      } finally {
        await db.$disconnect();
      }
    } catch (err) {
      await handle.close();
      throw err;
    }
    logger.info({ ms: Math.round(performance.now() - started) }, 'migrations applied');
  }
  return handle;
}
