import { fileURLToPath } from 'node:url';
import {
  ADMIN_SETUP_LINK_MINUTES,
  createMailer,
  issueAdminSetupLink,
  SessionEventBus,
  settingsFromEnv,
  sweepSessions,
} from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { createDb, handleShutdownSignalsOurselves, openDatabase } from '@hybridcoach/db';
import { buildServer } from './app';

const env = loadEnv();
const logger = createLogger('web', env.LOG_LEVEL);

// With DATABASE_URL (the launcher always sets it) nothing is started; alone, the web server
// starts the embedded default itself.
const database = await openDatabase({ env, logger, migrate: !env.DATABASE_URL });
const db = createDb({ url: database.url, poolSize: env.DATABASE_POOL_SIZE });
const settings = settingsFromEnv(env);
const events = new SessionEventBus(database.url, logger);
await events.start();
const app = await buildServer({
  events,
  db,
  logger,
  settings,
  mailer: createMailer(env, logger),
  serviceTokens: { agent: env.AGENT_SERVICE_TOKEN, worker: env.WORKER_SERVICE_TOKEN },
  staticDir: env.NODE_ENV === 'production' ? fileURLToPath(new URL('../dist', import.meta.url)) : null,
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'web server stopping');
  clearInterval(sweeper);
  await app.close();
  await events.close();
  await db.$disconnect();
  await database.close();
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
logger.info({ url: env.PUBLIC_URL }, 'web server ready');

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
