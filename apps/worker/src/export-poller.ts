import { type Context, createCaller } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type PgBoss from 'pg-boss';
import { EXPORT_QUEUE, type ExportData } from './jobs/privacy';
import { startPoller } from './poller';

/**
 * Turns a member's export request (a DataExport row the web server wrote) into a pg-boss job
 * whose id is the export's: sending it again while it waits or runs is ignored by pg-boss.
 */
export function startExportPoller(deps: {
  boss: PgBoss;
  context: () => Context;
  intervalSeconds: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  const tick = async () => {
    const pending = await createCaller(deps.context()).privacy.worker.pendingExports();
    for (const { id } of pending) {
      const data: ExportData = { exportId: id };
      await deps.boss.send(EXPORT_QUEUE, data, { id });
    }
  };
  return startPoller({
    tick,
    intervalSeconds: deps.intervalSeconds,
    logger: deps.logger,
    failure: 'could not queue data exports',
  });
}
