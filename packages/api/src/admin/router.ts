import { roleProcedure, router } from '../core/trpc';
import { backfillDailyMetrics } from '../housekeeping/daily-metrics';
import { paymentAdminRouter } from '../payment/router';
import { accessRule } from '../relationship/access';
import { linkCoachAndClient, listRelationships, unlinkCoachAndClient } from '../relationship/admin-links';
import { applyCsvPreview, previewChanges, previewMembersCsv } from '../skool/csv-preview';
import { listSyncRequests, requestSync } from '../skool/sync-requests';
import { withWarnings } from '../skool/sync-runs';
import { listAuditLog } from './audit-log';
import { coachesOverview } from './coaches';
import { membershipByDay } from './membership-trend';
import { dailyMetrics, dailyMetricsCsv } from './metrics';
import {
  adminUserIdInput,
  adminUsersInput,
  applyCsvInput,
  auditLogInput,
  dailyMetricsInput,
  membershipHistoryInput,
  membershipTrendInput,
  metricsBackfillInput,
  metricsCsvInput,
  previewChangesInput,
  previewCsvInput,
  relationshipPairInput,
  relationshipsOfInput,
  setAdminInput,
  setDeactivatedInput,
  syncLogsInput,
  syncNowInput,
  syncRequestsInput,
} from './schemas';
import { listMembershipHistory, listSyncLogs, skoolOverview } from './skool-views';
import { listUsers, setAdmin, setDeactivated, userDetail } from './users';

const admin = roleProcedure('admin');

const skoolAdminRouter = router({
  /** Per community: members by status, the last sync, any open "sync now"; which sources are set up. */
  overview: admin.query(async ({ ctx }) => ({
    communities: await skoolOverview(ctx.db, ctx.now()),
    sources: { ...ctx.settings.skoolSources, webhook: ctx.settings.skoolWebhook !== null },
  })),
  /** SkoolMonitoringLog, newest first; page with `cursor: nextCursor`. */
  syncLogs: admin.input(syncLogsInput).query(({ ctx, input }) => listSyncLogs(ctx.db, input)),
  /** MembershipStatusHistory, newest first, for one user or everyone. */
  membershipHistory: admin
    .input(membershipHistoryInput)
    .query(({ ctx, input }) => listMembershipHistory(ctx.db, input)),
  /** Asks the worker to read the members endpoint now; returns the request to poll in `syncRequests`. */
  syncNow: admin.input(syncNowInput).mutation(({ ctx, input }) =>
    requestSync(ctx.db, {
      community: input.community,
      requestedById: ctx.user.userId,
      now: ctx.now(),
      membersEndpoint: ctx.settings.skoolSources.membersEndpoint,
    }),
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
  /** The daily metrics of a range as a CSV file. */
  csv: admin.input(metricsCsvInput).query(({ ctx, input }) => dailyMetricsCsv(ctx.db, input)),
  /** Rolls up the days since the first activity that have no metrics yet (or all of them again). */
  backfill: admin
    .input(metricsBackfillInput)
    .mutation(({ ctx, input }) => backfillDailyMetrics(ctx.db, { now: ctx.now(), recompute: input.recompute })),
});

const usersAdminRouter = router({
  /** Everyone, searched by name or email, by role and by whether active; `cursor` pages. */
  list: admin.input(adminUsersInput).query(({ ctx, input }) => listUsers(ctx.db, input)),
  /** One person: account, memberships, admin source, sessions in numbers. */
  get: admin.input(adminUserIdInput).query(({ ctx, input }) => userDetail(ctx, input.userId)),
  /** Grants or takes back the admin role (audited as a role change). */
  setAdmin: admin.input(setAdminInput).mutation(({ ctx, input }) => setAdmin(ctx, ctx.user, input)),
  /** Deactivates an account (signed out at once, cannot sign in) or reactivates it (audited). */
  setDeactivated: admin.input(setDeactivatedInput).mutation(({ ctx, input }) => setDeactivated(ctx, ctx.user, input)),
});

const coachesAdminRouter = router({
  /** Every coach's card with bookings, ratings, upcoming sessions and no-shows. */
  list: admin.query(({ ctx }) => coachesOverview(ctx, ctx.now())),
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
  users: usersAdminRouter,
  coaches: coachesAdminRouter,
  skool: skoolAdminRouter,
  metrics: metricsAdminRouter,
  payments: paymentAdminRouter,
});
