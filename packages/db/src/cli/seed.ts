import { createDb } from '../client';
import { demoKeyRing } from '../crypto/key-ring';
import { openDatabase } from '../database';
import { seedDemoData } from '../seed';
import { runCli } from './run-cli';

await runCli('db:seed', async ({ env, logger }) => {
  const database = await openDatabase({ env, logger });
  const db = createDb({ url: database.url, poolSize: 2 });
  try {
    const summary = await seedDemoData(db, { keys: await demoKeyRing(env) });
    logger.info(summary, 'demo data in place');
  } finally {
    await db.$disconnect();
    await database.close();
  }
  return 0;
});
