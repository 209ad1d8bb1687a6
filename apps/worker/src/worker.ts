import { type AppSettings, type Mailer, systemContext } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import PgBoss from 'pg-boss';
import { HEARTBEAT_QUEUE, runHeartbeat } from './jobs/heartbeat';

export interface WorkerOptions {
  db: Db;
  settings: AppSettings;
  mailer: Mailer;
  databaseUrl: string;
  poolSize: number;
  logger: Logger;
  /** How often workers poll for jobs; tests go faster than the default. */
  pollingIntervalSeconds?: number;
}

export interface RunningWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** pg-boss on the product's own PostgreSQL (schema `pgboss`), with every job registered. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { db, logger } = options;
  const boss = new PgBoss({ connectionString: options.databaseUrl, max: options.poolSize });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();

  await boss.createQueue(HEARTBEAT_QUEUE, {
    name: HEARTBEAT_QUEUE,
    retryLimit: 3,
    retryBackoff: true,
  });
  await boss.schedule(HEARTBEAT_QUEUE, '* * * * *');
  await boss.work(HEARTBEAT_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) =>
    runHeartbeat(
      systemContext({
        db,
        settings: options.settings,
        mailer: options.mailer,
        logger: logger.child({ job: HEARTBEAT_QUEUE, jobId: job?.id }),
      }),
    ),
  );
  logger.info({ queues: [HEARTBEAT_QUEUE] }, 'worker started');

  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      logger.info('worker stopped');
    },
  };
}
