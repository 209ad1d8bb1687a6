import type { WorkerConfig } from '../worker-config';
import { HEARTBEAT_QUEUE, runHeartbeat } from './heartbeat';
import { housekeepingJobs } from './housekeeping';
import { defineJob, type JobDefinition } from './job';
import { postSessionJob } from './post-session';
import { backupJob, privacyJobs } from './privacy';
import { skoolCsvFolderJob } from './skool-folder';
import { skoolGracePeriodsJob, skoolPhotosJob } from './skool-maintenance';
import { skoolSyncAllJob, skoolSyncJob } from './skool-sync';

const heartbeatJob = defineJob({ queue: HEARTBEAT_QUEUE, cron: '* * * * *', run: runHeartbeat });

/**
 * Every job the worker runs, with its schedule for this configuration: the Skool pulls are
 * scheduled only when their source is configured (and unscheduled when it no longer is).
 */
export function workerJobs(config: WorkerConfig): JobDefinition[] {
  return [
    heartbeatJob,
    skoolSyncJob,
    { ...skoolSyncAllJob, cron: config.membersEndpoint ? config.syncCron : null },
    { ...skoolCsvFolderJob, cron: config.csvDir ? skoolCsvFolderJob.cron : null },
    skoolPhotosJob,
    skoolGracePeriodsJob,
    ...housekeepingJobs,
    ...privacyJobs,
    { ...backupJob, cron: config.backupCron },
    postSessionJob,
  ];
}
