import { createCaller } from '@hybridcoach/api';
import { scheduledBackup } from '@hybridcoach/db';
import { defineJob } from './job';

export const EXPORT_QUEUE = 'privacy.export';

export interface ExportData {
  exportId: string;
}

/** One member's data export (sent by the export poller with the export's id as the job's). */
export const exportJob = defineJob<ExportData>({
  queue: EXPORT_QUEUE,
  cron: null,
  run: (ctx, data) => createCaller(ctx).privacy.worker.buildExport({ exportId: data.exportId }),
});

export const privacyJobs = [
  exportJob,
  // Deletions whose cooling-off has passed; a failed one is retried by the next run.
  defineJob({
    queue: 'privacy.erasures',
    cron: '*/10 * * * *',
    run: (ctx) => createCaller(ctx).privacy.worker.purgeErasures(),
  }),
  defineJob({
    queue: 'privacy.retention',
    cron: '57 3 * * *',
    run: (ctx) => createCaller(ctx).privacy.worker.applyRetention(),
  }),
  defineJob({
    queue: 'privacy.expired-exports',
    cron: '5 * * * *',
    run: (ctx) => createCaller(ctx).privacy.worker.removeExpiredExports(),
  }),
];

export const BACKUP_QUEUE = 'backup.daily';

/** The daily backup (BACKUP_CRON; `off` on a managed database), sealed, the newest BACKUP_KEEP kept. */
export const backupJob = defineJob({
  queue: BACKUP_QUEUE,
  cron: null,
  run: (ctx, _data, { config, databaseUrl }) =>
    scheduledBackup({
      url: databaseUrl,
      keys: ctx.keys,
      dir: config.backupDir,
      keep: config.backupKeep,
      now: ctx.now(),
      logger: ctx.logger,
    }),
});
