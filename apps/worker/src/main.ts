import { checkHealth, createMailer, settingsFromEnv } from '@hybridcoach/api';
import { createLogger, createMetricsRegistry, loadEnv, requireEnv, startOpsServer } from '@hybridcoach/config';
import { createDb, handleShutdownSignalsOurselves, loadKeyRing, registerPoolMetrics } from '@hybridcoach/db';
import { startWorker } from './worker';
import { workerConfigFromEnv } from './worker-config';

// `npm run start:worker`: the environment is all it reads; no embedded database, no migration.
const env = loadEnv();
const logger = createLogger('worker', env.LOG_LEVEL);
const databaseUrl = requireEnv(env, 'DATABASE_URL');
const db = createDb({ url: databaseUrl, poolSize: env.DATABASE_POOL_SIZE });
const registry = createMetricsRegistry('worker');
registerPoolMetrics(registry, db);
const worker = await startWorker({
  db,
  settings: settingsFromEnv(env),
  keys: await loadKeyRing(env),
  mailer: createMailer(env, logger),
  databaseUrl,
  poolSize: env.DATABASE_POOL_SIZE,
  logger,
  config: workerConfigFromEnv(env),
  pollingIntervalSeconds: env.WORKER_POLL_SECONDS,
  registry,
});
const ops = await startOpsServer({
  host: env.HOST,
  port: env.WORKER_HEALTH_PORT,
  registry,
  metricsToken: env.METRICS_TOKEN,
  ready: async () => {
    const health = await checkHealth(db);
    const running = worker.running();
    return { ready: running && health.status === 'ok', running, database: health.database };
  },
});
logger.info(
  { health: `http://${env.HOST}:${ops.port}/readyz`, metrics: `http://${env.HOST}:${ops.port}/metrics` },
  'worker ready',
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceSeconds: env.SHUTDOWN_GRACE_SECONDS }, 'worker stopping: finishing running jobs');
  await worker.stop(env.SHUTDOWN_GRACE_SECONDS * 1000);
  await ops.close();
  await db.$disconnect();
  process.exit(0);
}
handleShutdownSignalsOurselves();
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
