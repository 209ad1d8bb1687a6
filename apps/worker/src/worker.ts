import { type AppSettings, type Mailer, systemContext } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import PgBoss from 'pg-boss';
import { workerJobs } from './jobs';
import type { JobDefinition, JobEnv } from './jobs/job';
import { startSyncRequestPoller } from './sync-request-poller';
import { defaultWorkerConfig, type WorkerConfig } from './worker-config';

export interface WorkerOptions {
  db: Db;
  settings: AppSettings;
  mailer: Mailer;
  databaseUrl: string;
  poolSize: number;
  logger: Logger;
  /** How often workers poll for jobs; tests go faster than the default. */
  pollingIntervalSeconds?: number;
  /** Defaults to an empty environment's; main.ts passes the real one. */
  config?: Partial<WorkerConfig>;
}

export interface RunningWorker {
  boss: PgBoss;
  config: WorkerConfig;
  stop(): Promise<void>;
}

/** pg-boss on the product's own PostgreSQL (schema `pgboss`), with every job registered. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { db, logger } = options;
  const config: WorkerConfig = { ...defaultWorkerConfig(), ...options.config };
  const settings = options.settings;
  const boss = new PgBoss({ connectionString: options.databaseUrl, max: options.poolSize });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();

  const context = (queue: string, jobId?: string) =>
    systemContext({ db, settings, mailer: options.mailer, logger: logger.child({ job: queue, jobId }) });
  const env: JobEnv = {
    config,
    send: (queue, data, sendOptions) => boss.send(queue, data, sendOptions ?? {}),
  };

  const jobs = workerJobs(config);
  for (const job of jobs) await register(boss, job, { config, env, context, options });

  const poller = startSyncRequestPoller({
    boss,
    context: () => context('skool.sync-requests'),
    intervalSeconds: config.requestPollSeconds,
    logger,
  });
  logger.info({ queues: jobs.map((j) => j.queue) }, 'worker started');

  return {
    boss,
    config,
    async stop() {
      await poller.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      logger.info('worker stopped');
    },
  };
}

async function register(
  boss: PgBoss,
  job: JobDefinition,
  deps: {
    config: WorkerConfig;
    env: JobEnv;
    context: (queue: string, jobId?: string) => ReturnType<typeof systemContext>;
    options: WorkerOptions;
  },
): Promise<void> {
  const queueOptions = {
    retryLimit: deps.config.retryLimit,
    retryDelay: deps.config.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 15 * 60,
  };
  await boss.createQueue(job.queue, { name: job.queue, ...queueOptions });
  // createQueue leaves an existing queue as it was; the options of this release win.
  await boss.updateQueue(job.queue, { name: job.queue, ...queueOptions });
  if (job.cron) await boss.schedule(job.queue, job.cron);
  else await boss.unschedule(job.queue);
  await boss.work(job.queue, { pollingIntervalSeconds: deps.options.pollingIntervalSeconds ?? 2 }, async ([pgJob]) =>
    job.run(deps.context(job.queue, pgJob?.id), pgJob?.data ?? {}, deps.env),
  );
}
