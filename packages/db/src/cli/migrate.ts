import { openDatabase } from '../database';
import { migrateStatus } from '../migrate';
import { runCli } from './run-cli';

// db:migrate (deploy) and db:status, on DATABASE_URL or the embedded default.
await runCli('db:migrate', async ({ env, logger, args }) => {
  const command = args[0] ?? 'deploy';
  if (command !== 'deploy' && command !== 'status') throw new Error(`unknown command ${command}: use deploy or status`);
  const database = await openDatabase({ env, logger, migrate: command === 'deploy' });
  try {
    if (command === 'status') process.stdout.write(await migrateStatus(database.url));
  } finally {
    await database.close();
  }
  return 0;
});
