import pg from 'pg';
import { createDb } from '../client';
import { demoKeyRing } from '../crypto/key-ring';
import { EMBEDDED_DATABASE, openDatabase } from '../database';
import { migrateDeploy } from '../migrate';
import { protectMigrationHistory, provisionRoles } from '../roles';
import { seedDemoData } from '../seed';
import { runCli } from './run-cli';

// db:reset: wipes the database, migrates and seeds. Development only, never production data.
await runCli('db:reset', async ({ env, logger }) => {
  if (env.NODE_ENV !== 'development') {
    throw new Error(`db:reset refuses to run with NODE_ENV=${env.NODE_ENV}; it only runs in development`);
  }
  const database = await openDatabase({ env, logger, migrate: false });
  try {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await client.end();
    // A new public schema has none of the app role's grants yet.
    if (database.embedded) await provisionRoles(database.adminUrl, EMBEDDED_DATABASE, database.embedded.credentials);
    await migrateDeploy(database.url);
    if (database.embedded) await protectMigrationHistory(database.url);
    const db = createDb({ url: database.url, poolSize: 2 });
    try {
      logger.info(await seedDemoData(db, { keys: await demoKeyRing(env) }), 'database reset and seeded');
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.close();
  }
  return 0;
});
