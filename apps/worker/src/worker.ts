import { type AppSettings, createApiMetrics, type Mailer, systemContext } from '@hybridcoach/api';
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, type Logger, type Registry } from '@hybridcoach/config';
import type { Db, KeyRing } from '@hybridcoach/db';
import PgBoss from 'pg-boss';
import { workerJobs } from './jobs';
import type { JobDefinition, JobEnv } from './jobs/job';
import { startRequestPollers } from './request-pollers';
import { defaultWorkerConfig, type WorkerConfig } from './worker-config';

export interface WorkerOptions {
  db: Db;
  settings: AppSettings;
  /** The key ring for exports, erasure and backups; main.ts passes ENCRYPTION_KEYS or the key file's. */
  keys?: KeyRing;
  mailer: Mailer;
  databaseUrl: string;
  poolSize: number;
  logger: Logger;
  /** How often workers poll for jobs; tests go faster than the default. */
  pollingIntervalSeconds?: number;
  /** Defaults to an empty environment's; main.ts passes the real one. */
  config?: Partial<WorkerConfig>;
  /** Prometheus registry for job and queue metrics (and the procedures jobs call). */
  registry?: Registry;
}

export interface RunningWorker {
  boss: PgBoss;
  config: WorkerConfig;
  /** False from the moment it starts stopping. */
  running(): boolean;
  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones; any still running then
   * are failed back to pg-boss, which retries them on another worker.
   */
  stop(graceMs?: number): Promise<void>;
}

/** pg-boss on the product's own PostgreSQL (schema `pgboss`), with every job registered. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { db, logger } = options;
  const config: WorkerConfig = { ...defaultWorkerConfig(), ...options.config };
  const settings = options.settings;
  const boss = new PgBoss({ connectionString: options.databaseUrl, max: options.poolSize });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();

  const apiMetrics = options.registry ? createApiMetrics(options.registry) : null;
  const context = (queue: string, jobId?: string) =>
    systemContext({
      db,
      settings,
      keys: options.keys,
      mailer: options.mailer,
      logger: logger.child({ job: queue, jobId }),
      metrics: apiMetrics,
    });
  const env: JobEnv = {
    config,
    databaseUrl: options.databaseUrl,
    send: (queue, data, sendOptions) => boss.send(queue, data, sendOptions ?? {}),
  };

  const jobs = workerJobs(config);
  const observe = options.registry ? jobMetrics(options.registry, boss, jobs) : null;
  // Workers starting together would deadlock in pg-boss's queue DDL: one declares at a time.
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('worker-queues'))`;
      for (const job of jobs) await declare(boss, job, config);
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
  for (const job of jobs) await register(boss, job, { env, context, options, observe });
  for (const job of jobs) if (job.runAtStart) await boss.send(job.queue, {});

  const pollers = startRequestPollers({
    boss,
    context,
    intervalSeconds: config.requestPollSeconds,
    postSessionIntervalSeconds: config.postSessionPollSeconds,
    logger,
  });
  logger.info(
    {
      queues: jobs.map((j) => j.queue),
      summaries: config.deepgram ? 'Deepgram text intelligence' : 'extractive summary and keyword topics',
      recaps: config.chatCompletions ? `LLM (${config.chatCompletions.model})` : 'extractive recap',
    },
    'worker started',
  );

  let running = true;
  return {
    boss,
    config,
    running: () => running,
    async stop(graceMs = 10_000) {
      running = false;
      await pollers.stop();
      await boss.stop({ graceful: true, wait: true, timeout: graceMs });
      logger.info('worker stopped');
    },
  };
}

/** The job's queue with this release's retry options, and its schedule (or none). */
async function declare(boss: PgBoss, job: JobDefinition, config: WorkerConfig): Promise<void> {
  const queueOptions = {
    retryLimit: config.retryLimit,
    retryDelay: config.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 15 * 60,
  };
  await boss.createQueue(job.queue, { name: job.queue, ...queueOptions });
  // createQueue leaves an existing queue as it was; the options of this release win.
  await boss.updateQueue(job.queue, { name: job.queue, ...queueOptions });
  if (job.cron) await boss.schedule(job.queue, job.cron);
  else await boss.unschedule(job.queue);
}

async function register(
  boss: PgBoss,
  job: JobDefinition,
  deps: {
    env: JobEnv;
    context: (queue: string, jobId?: string) => ReturnType<typeof systemContext>;
    options: WorkerOptions;
    observe: ObserveJob | null;
  },
): Promise<void> {
  await boss.work(job.queue, { pollingIntervalSeconds: deps.options.pollingIntervalSeconds ?? 2 }, async ([pgJob]) => {
    const started = performance.now();
    try {
      const output = await job.run(deps.context(job.queue, pgJob?.id), pgJob?.data ?? {}, deps.env);
      deps.observe?.(job.queue, 'completed', (performance.now() - started) / 1000);
      return output;
    } catch (err) {
      deps.observe?.(job.queue, 'failed', (performance.now() - started) / 1000);
      throw err;
    }
  });
}

type ObserveJob = (queue: string, outcome: 'completed' | 'failed', seconds: number) => void;

/** Jobs run and failed, their duration, and how many wait in each queue (read per scrape). */
function jobMetrics(registry: Registry, boss: PgBoss, jobs: JobDefinition[]): ObserveJob {
  const runs = new Counter({
    name: 'hc_jobs_total',
    help: 'Job attempts run by this worker, by queue and outcome (failed attempts are retried with backoff)',
    labelNames: ['queue', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'hc_job_duration_seconds',
    help: 'Time a job attempt took',
    labelNames: ['queue'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'hc_job_queue_depth',
    help: 'Jobs waiting in each queue (created or waiting to retry), across all workers',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const sizes = await Promise.all(jobs.map((j) => boss.getQueueSize(j.queue).catch(() => null)));
      jobs.forEach((j, i) => {
        const size = sizes[i];
        if (size !== null && size !== undefined) this.set({ queue: j.queue }, size);
      });
    },
  });
  return (queue, outcome, seconds) => {
    runs.inc({ queue, outcome });
    duration.observe({ queue }, seconds);
  };
}
