import { type AppSettings, DevMailbox, settingsFromEnv } from '@hybridcoach/api';
import { type Logger, loadEnv } from '@hybridcoach/config';
import type { TestDatabase } from '@hybridcoach/db/testing';
import { type RunningWorker, startWorker } from '../worker';
import type { WorkerConfig } from '../worker-config';

/**
 * The worker on a test file's database as the tests start it: pg-boss polling every half
 * second, a dev mailbox, the test key ring, an empty environment's settings unless given.
 */
export function startTestWorker(
  t: TestDatabase,
  logger: Logger,
  options: { settings?: AppSettings; config?: Partial<WorkerConfig> } = {},
): Promise<RunningWorker> {
  return startWorker({
    db: t.db,
    settings: options.settings ?? settingsFromEnv(loadEnv({})),
    mailer: new DevMailbox(logger),
    databaseUrl: t.url,
    keys: t.keys,
    poolSize: 3,
    logger,
    pollingIntervalSeconds: 0.5,
    config: options.config,
  });
}
