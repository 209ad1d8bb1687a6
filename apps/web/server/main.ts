import { fileURLToPath } from 'node:url';
import {
  ADMIN_SETUP_LINK_MINUTES,
  createApiMetrics,
  createMailer,
  issueAdminSetupLink,
  SessionEventBus,
  settingsFromEnv,
  sweepSessions,
} from '@hybridcoach/api';
import { createLogger, createMetricsRegistry, loadEnv, requireEnv } from '@hybridcoach/config';
import { createDb, handleShutdownSignalsOurselves, loadKeyRing, registerPoolMetrics } from '@hybridcoach/db';
import { buildServer } from './app';

// `npm run start:web`: the environment is all it reads. It starts no database and applies no
// migration (`npm run db:migrate` is its own step); `npm start` and `npm run dev` do both first.
const env = loadEnv();
const logger = createLogger('web', env.LOG_LEVEL);
const databaseUrl = requireEnv(env, 'DATABASE_URL');
const db = createDb({ url: databaseUrl, poolSize: env.DATABASE_POOL_SIZE });
const settings = settingsFromEnv(env);
const keys = await loadKeyRing(env);
const events = new SessionEventBus(databaseUrl, logger);
await events.start();
const registry = createMetricsRegistry('web');
registerPoolMetrics(registry, db);
const app = await buildServer({
  events,
  db,
  logger,
  settings,
  keys,
  mailer: createMailer(env, logger),
  serviceTokens: { agent: env.AGENT_SERVICE_TOKEN, worker: env.WORKER_SERVICE_TOKEN },
  staticDir: env.NODE_ENV === 'production' ? fileURLToPath(new URL('../dist', import.meta.url)) : null,
  metrics: { registry, api: createApiMetrics(registry) },
  metricsToken: env.METRICS_TOKEN,
});

let stopping = false;
/**
 * Drain: stop accepting connections, cut live streams (browsers resume elsewhere with
 * Last-Event-ID), let requests in flight finish for up to SHUTDOWN_GRACE_SECONDS, then close.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceSeconds: env.SHUTDOWN_GRACE_SECONDS }, 'web server draining');
  clearInterval(sweeper);
  const closed = app.close().then(() => true);
  const timedOut = new Promise<false>((r) => setTimeout(() => r(false), env.SHUTDOWN_GRACE_SECONDS * 1000).unref());
  if (!(await Promise.race([closed, timedOut]))) {
    logger.warn('requests still running after the grace period; closing their connections');
    app.server.closeAllConnections();
    await closed;
  }
  await events.close();
  await db.$disconnect();
  logger.info('web server stopped');
  process.exit(0);
}
handleShutdownSignalsOurselves();
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// The safety net for live rooms: timer warnings where no agent is present, overdue sessions.
const sweeper = setInterval(() => {
  sweepSessions(db, { now: new Date(), warningMinutes: settings.session.warningMinutes, logger }).catch(
    (err: unknown) => logger.error({ err }, 'session sweep failed'),
  );
}, env.SWEEP_INTERVAL_SECONDS * 1000);

await app.listen({ host: env.HOST, port: env.PORT });
logger.info(
  { url: env.PUBLIC_URL, metrics: env.METRICS_TOKEN ? '/metrics (bearer METRICS_TOKEN)' : 'off (no METRICS_TOKEN)' },
  'web server ready',
);

// A real database nobody administers yet: the first admin comes through a one-time link.
const setup = await issueAdminSetupLink(db, {
  publicUrl: env.PUBLIC_URL,
  adminEmails: settings.adminEmails,
  now: new Date(),
});
if (setup) {
  logger.warn(
    { setupUrl: setup.url, expiresAt: setup.expiresAt },
    `no admin yet: open the setup link within ${ADMIN_SETUP_LINK_MINUTES} minutes to make the first admin (it works once)`,
  );
}
