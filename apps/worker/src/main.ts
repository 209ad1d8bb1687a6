import { createMailer, settingsFromEnv } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { createDb, handleShutdownSignalsOurselves, openDatabase } from '@hybridcoach/db';
import { startWorker } from './worker';
import { workerConfigFromEnv } from './worker-config';

const env = loadEnv();
const logger = createLogger('worker', env.LOG_LEVEL);
const database = await openDatabase({ env, logger, migrate: !env.DATABASE_URL });
const db = createDb({ url: database.url, poolSize: env.DATABASE_POOL_SIZE });
const worker = await startWorker({
  db,
  settings: settingsFromEnv(env),
  mailer: createMailer(env, logger),
  databaseUrl: database.url,
  poolSize: env.DATABASE_POOL_SIZE,
  logger,
  config: workerConfigFromEnv(env),
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker stopping');
  await worker.stop();
  await db.$disconnect();
  await database.close();
  process.exit(0);
}
handleShutdownSignalsOurselves();
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
