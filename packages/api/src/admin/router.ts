import { roleProcedure, router } from '../core/trpc';
import { paymentAdminRouter } from '../payment/router';
import { accessRule } from '../relationship/access';
import { linkCoachAndClient, listRelationships, unlinkCoachAndClient } from '../relationship/admin-links';
import { applyCsvPreview, previewChanges, previewMembersCsv } from '../skool/csv-preview';
import { listSyncRequests, requestSync } from '../skool/sync-requests';
import { withWarnings } from '../skool/sync-runs';
import { listAuditLog } from './audit-log';
import { membershipByDay } from './membership-trend';
import { dailyMetrics } from './metrics';
import {
  applyCsvInput,
  auditLogInput,
  dailyMetricsInput,
  membershipHistoryInput,
  membershipTrendInput,
  previewChangesInput,
  previewCsvInput,
  relationshipPairInput,
  relationshipsOfInput,
  syncLogsInput,
  syncNowInput,
  syncRequestsInput,
} from './schemas';
import { listMembershipHistory, listSyncLogs, skoolOverview } from './skool-views';

const admin = roleProcedure('admin');

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
  previewCsv: admin.input(previewCsvInput).mutation(({ ctx, input }) =>
    previewMembersCsv(ctx.db, {
      csv: input.csv,
      community: input.community,
      fileName: input.fileName ?? null,
      actorId: ctx.user.userId,
      pageSize: input.pageSize,
      settings: ctx.settings.skool,
      adminEmails: ctx.settings.adminEmails,
      now: ctx.now(),
    }),
  ),
  /** More rows of a preview (filtered by kind), diffed against the users as they are now. */
  previewChanges: admin.input(previewChangesInput).query(({ ctx, input }) =>
    previewChanges(ctx.db, {
      previewId: input.previewId,
      kind: input.kind ?? null,
      offset: input.offset,
      limit: input.limit,
      settings: ctx.settings.skool,
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
      settings: ctx.settings.skool,
      adminEmails: ctx.settings.adminEmails,
      now: ctx.now(),
    });
    return withWarnings(ctx, outcome);
  }),
});

const metricsAdminRouter = router({
  /** PlatformMetric rows (the worker's daily rollup) between two days, oldest first. */
  daily: admin.input(dailyMetricsInput).query(({ ctx, input }) => dailyMetrics(ctx.db, input)),
  /** Active members of each community at the end of each day, oldest first. */
  membership: admin.input(membershipTrendInput).query(({ ctx, input }) => membershipByDay(ctx.db, input)),
});

const relationshipsAdminRouter = router({
  /** A person's coach–client relationships and whether each grants access now. */
  of: admin
    .input(relationshipsOfInput)
    .query(({ ctx, input }) => listRelationships(ctx.db, input.userId, accessRule(ctx.settings, ctx.now()))),
  /** Links a coach and a client: the coach may see the client's data and book for them. */
  link: admin
    .input(relationshipPairInput)
    .mutation(({ ctx, input }) => linkCoachAndClient(ctx.db, { ...input, actorId: ctx.user.userId, now: ctx.now() })),
  /** Ends a relationship: the coach loses access at once. */
  end: admin
    .input(relationshipPairInput)
    .mutation(({ ctx, input }) => unlinkCoachAndClient(ctx.db, { ...input, actorId: ctx.user.userId, now: ctx.now() })),
});

export const adminRouter = router({
  /** Who did what and who read whose health data; newest first, filterable. */
  auditLog: admin.input(auditLogInput).query(({ ctx, input }) => listAuditLog(ctx.db, input)),
  relationships: relationshipsAdminRouter,
  skool: skoolAdminRouter,
  metrics: metricsAdminRouter,
  payments: paymentAdminRouter,
});
