import path from 'node:path';
import type { ChatCompletionsSettings, MembersEndpoint } from '@hybridcoach/api';
import { type Env, loadEnv } from '@hybridcoach/config';

/** What the worker's jobs need beyond AppSettings, from the environment (README lists each). */
export interface WorkerConfig {
  /** SKOOL_MEMBERS_URL (+ SKOOL_MEMBERS_TOKEN); null: no scheduled pull, "sync now" explains why. */
  membersEndpoint: MembersEndpoint | null;
  /** SKOOL_CSV_DIR: a folder polled every minute for members CSVs; null: not watched. */
  csvDir: string | null;
  /** When the members endpoint is read (pg-boss cron, UTC). */
  syncCron: string;
  /** How often pending "sync now" requests are turned into jobs. */
  requestPollSeconds: number;
  /** How often completed sessions' post-session work is turned into jobs. */
  postSessionPollSeconds: number;
  /** DEEPGRAM_API_KEY (+ DEEPGRAM_API_URL): summaries by text intelligence; null: extractive. */
  deepgram: { apiKey: string; apiUrl: string } | null;
  /** OPENAI_API_KEY (+ OPENAI_BASE_URL, OPENAI_MODEL): the structured recap by LLM; null: extractive. */
  chatCompletions: ChatCompletionsSettings | null;
  archiveAfterMonths: number;
  /** BACKUP_DIR (default DATA_DIR/backups), BACKUP_KEEP, BACKUP_CRON (null: `off`). */
  backupDir: string;
  backupKeep: number;
  backupCron: string | null;
  /** Retries of a failed job, with exponential backoff from `retryDelaySeconds`. */
  retryLimit: number;
  retryDelaySeconds: number;
}

export function workerConfigFromEnv(env: Env): WorkerConfig {
  return {
    membersEndpoint: env.SKOOL_MEMBERS_URL
      ? { url: env.SKOOL_MEMBERS_URL, token: env.SKOOL_MEMBERS_TOKEN ?? null }
      : null,
    csvDir: env.SKOOL_CSV_DIR ?? null,
    syncCron: env.SKOOL_SYNC_CRON,
    requestPollSeconds: env.SKOOL_SYNC_REQUEST_POLL_SECONDS,
    postSessionPollSeconds: env.POST_SESSION_POLL_SECONDS,
    deepgram: env.DEEPGRAM_API_KEY ? { apiKey: env.DEEPGRAM_API_KEY, apiUrl: env.DEEPGRAM_API_URL } : null,
    chatCompletions: env.OPENAI_API_KEY
      ? { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL }
      : null,
    archiveAfterMonths: env.SESSION_ARCHIVE_AFTER_MONTHS,
    backupDir: env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups'),
    backupKeep: env.BACKUP_KEEP,
    backupCron: env.BACKUP_CRON === 'off' ? null : env.BACKUP_CRON,
    retryLimit: 5,
    retryDelaySeconds: 30,
  };
}

/** The defaults of an empty environment: what tests start from. */
export function defaultWorkerConfig(): WorkerConfig {
  return workerConfigFromEnv(loadEnv({}));
}
