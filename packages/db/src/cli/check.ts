import { openDatabase } from '../database';
import { checkDrift } from '../drift';
import { runCli } from './run-cli';

// db:check: fails when schema.prisma and the migrations disagree (seed 002's drift audit).
await runCli('db:check', async ({ env, logger }) => {
  const database = await openDatabase({ env, logger, migrate: false });
  try {
    const problems = await checkDrift({ adminUrl: database.adminUrl });
    if (problems.length === 0) {
      logger.info('no drift: the migrations build exactly what schema.prisma describes');
      return 0;
    }
    logger.error(
      { problems },
      `${problems.length} difference(s) between schema.prisma and the migrations; run npm run db:new-migration -- <name>`,
    );
    return 1;
  } finally {
    await database.close();
  }
});
