import { TRPCError } from '@trpc/server';
import { roleProcedure, router } from '../core/trpc';
import { applyCsvPreview, previewChanges, previewMembersCsv } from '../skool/csv-preview';
import { MembersCsvError } from '../skool/member-csv';
import { listSyncRequests, requestSync } from '../skool/sync-requests';
import { withWarnings } from '../skool/sync-runs';
import { skoolSettingsOf } from '../skool/sync-settings';
import {
  applyCsvInput,
  dailyMetricsInput,
  membershipHistoryInput,
  previewChangesInput,
  previewCsvInput,
  syncLogsInput,
  syncNowInput,
  syncRequestsInput,
} from './schemas';
import { listMembershipHistory, listSyncLogs, skoolOverview } from './skool-views';

const admin = roleProcedure('admin');

/**
 * A CSV's problems as field errors on `csv` ("line 7: invalid email …"), so that a form shows
 * them under the upload and the message names every line to fix.
 */
function csvRejected(err: MembersCsvError): TRPCError {
  const issues = err.problems.map((p) => ({ path: ['csv'], message: `line ${p.line}: ${p.message}` }));
  if (err.truncated) issues.push({ path: ['csv'], message: 'and more problems after these' });
  return new TRPCError({
    code: 'BAD_REQUEST',
    message: err.message,
    cause: Object.assign(new Error(err.message), { issues }),
  });
}

const skoolAdminRouter = router({
  /** Per community: members by status, the last sync, any open "sync now". */
  overview: admin.query(({ ctx }) => skoolOverview(ctx.db, ctx.now())),
  /** SkoolMonitoringLog, newest first; page with `cursor: nextCursor`. */
  syncLogs: admin.input(syncLogsInput).query(({ ctx, input }) => listSyncLogs(ctx.db, input)),
  /** MembershipStatusHistory, newest first, for one user or everyone. */
  membershipHistory: admin
    .input(membershipHistoryInput)
    .query(({ ctx, input }) => listMembershipHistory(ctx.db, input)),
  /** Asks the worker to read the members endpoint now; returns the request to poll in `syncRequests`. */
  syncNow: admin
    .input(syncNowInput)
    .mutation(({ ctx, input }) =>
      requestSync(ctx.db, { community: input.community, requestedById: ctx.user.userId, now: ctx.now() }),
    ),
  syncRequests: admin.input(syncRequestsInput).query(({ ctx, input }) => listSyncRequests(ctx.db, input.limit)),
  /** Reads an exported members CSV and stores what applying it would change. Changes nothing. */
  previewCsv: admin.input(previewCsvInput).mutation(async ({ ctx, input }) => {
    try {
      return await previewMembersCsv(ctx.db, {
        csv: input.csv,
        community: input.community,
        fileName: input.fileName ?? null,
        actorId: ctx.user.userId,
        pageSize: input.pageSize,
        settings: skoolSettingsOf(ctx.settings),
        adminEmails: ctx.settings.adminEmails,
        now: ctx.now(),
      });
    } catch (err) {
      if (err instanceof MembersCsvError) throw csvRejected(err);
      throw err;
    }
  }),
  /** More rows of a preview (filtered by kind), diffed against the users as they are now. */
  previewChanges: admin.input(previewChangesInput).query(({ ctx, input }) =>
    previewChanges(ctx.db, {
      previewId: input.previewId,
      kind: input.kind ?? null,
      offset: input.offset,
      limit: input.limit,
      settings: skoolSettingsOf(ctx.settings),
      adminEmails: ctx.settings.adminEmails,
      now: ctx.now(),
    }),
  ),
  /**
   * Applies a preview if it is still what applying would do (else CONFLICT). Returns the sync
   * outcome; `status: 'refused'` with a message when it cancels too many without consent.
   */
  applyCsv: admin.input(applyCsvInput).mutation(async ({ ctx, input }) => {
    const outcome = await applyCsvPreview(ctx.db, {
      previewId: input.previewId,
      allowMassCancellation: input.allowMassCancellation,
      actorId: ctx.user.userId,
      settings: skoolSettingsOf(ctx.settings),
      adminEmails: ctx.settings.adminEmails,
      now: ctx.now(),
    });
    return withWarnings(ctx, outcome);
  }),
});

const metricsAdminRouter = router({
  /** PlatformMetric rows (the worker's daily rollup) between two days, oldest first. */
  daily: admin.input(dailyMetricsInput).query(({ ctx, input }) =>
    ctx.db.platformMetric.findMany({
      where: { metric: input.metric, date: { gte: input.from, lte: input.to } },
      orderBy: [{ date: 'asc' }, { metric: 'asc' }],
      take: 5000,
    }),
  ),
});

export const adminRouter = router({
  skool: skoolAdminRouter,
  metrics: metricsAdminRouter,
});
