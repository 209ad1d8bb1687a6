import { createCaller, csvFolderSource } from '@hybridcoach/api';
import { defineJob } from './job';

export const SKOOL_CSV_FOLDER_QUEUE = 'skool.csv-folder';

/**
 * Members CSVs dropped in SKOOL_CSV_DIR (named ultra-….csv / vagus-….csv): each is synced and
 * moved to done/, or to failed/ with an .error.txt (a malformed file, or one the safety check
 * refused: an admin can apply that one from the upload preview with consent). A database
 * failure leaves the file claimed; the claim lapses and the file is read again later.
 */
export const skoolCsvFolderJob = defineJob<object>({
  queue: SKOOL_CSV_FOLDER_QUEUE,
  cron: '* * * * *',
  async run(ctx, _data, { config }) {
    if (!config.csvDir) return { skipped: 'SKOOL_CSV_DIR is not set' };
    const api = createCaller(ctx).skool;
    const results: { file: string; status: string; logId: number | null }[] = [];
    for (const observation of await csvFolderSource(config.csvDir, { now: ctx.now }).read()) {
      const file = observation.origin;
      if (observation.kind === 'unreadable') {
        let logId: number | null = null;
        if (observation.community) {
          ({ logId } = await api.recordSourceFailure({
            community: observation.community,
            source: 'csv-folder',
            error: `${file}: ${observation.error}`,
          }));
        } else {
          ctx.logger.warn({ file, error: observation.error }, 'members CSV refused');
        }
        await observation.settle?.({ ok: false, message: observation.error });
        results.push({ file, status: 'unreadable', logId });
        continue;
      }
      if (observation.kind !== 'snapshot') continue;
      const outcome = await api.applySnapshot({ ...observation.snapshot, source: 'csv-folder', context: { file } });
      await observation.settle?.({
        ok: outcome.status === 'applied',
        message: outcome.message ?? `applied: ${JSON.stringify(outcome.counts)}`,
      });
      results.push({ file, status: outcome.status, logId: outcome.logId });
    }
    return results;
  },
});
