import type { Context } from '@hybridcoach/api';
import type { WorkerConfig } from '../worker-config';

/** What a job may use besides its context: the worker's configuration and a way to send jobs. */
export interface JobEnv {
  config: WorkerConfig;
  /** The database the worker runs on (the backup opens its own connection for COPY). */
  databaseUrl: string;
  /** pg-boss `send`; a job sent twice with the same `id` is one job. */
  send(queue: string, data: object, options?: { id?: string; singletonKey?: string }): Promise<string | null>;
}

/** One kind of job: its pg-boss queue, when it runs by itself, and what it does. */
export interface JobDefinition<Data extends object = object> {
  queue: string;
  /** pg-boss cron (UTC); null: only when sent (e.g. "sync now"). */
  cron: string | null;
  /** Sent once whenever a worker starts (a job that catches up on what a fresh install lacks). */
  runAtStart?: boolean;
  /**
   * Runs one job with the worker's service principal. Throwing fails the attempt, and pg-boss
   * retries it with backoff; every job is written so that running it again is harmless.
   */
  run(ctx: Context, data: Data, env: JobEnv): Promise<unknown>;
}

/** Keeps each job's data type inside its definition while one list holds them all. */
export function defineJob<Data extends object>(definition: JobDefinition<Data>): JobDefinition {
  return definition as unknown as JobDefinition;
}
