import { z } from 'zod';
import { markNoShows } from '../coaching/attendance';
import { remindHomework } from '../coaching/homework';
import { router, serviceProcedure } from '../core/trpc';
import { emailUnreadMessages } from '../messaging/unread-email';
import { accessRule } from '../relationship/access';
import { sweepSessions } from '../session/sweeper';
import { removeUnusedPhotos } from '../user/photo-cleanup';
import { sendAppointmentReminders } from './appointment-reminders';
import { backfillDailyMetrics, rollupDailyMetrics } from './daily-metrics';
import { pruneAuthCodes, pruneRateLimits, pruneSkoolRecords, pruneUserSessions } from './expired-rows';
import { archiveOldSessions } from './session-archive';

const worker = serviceProcedure('worker');

/** The worker's maintenance jobs (seed 000 "Maintenance Tasks"); each is safe to run again. */
export const housekeepingRouter = router({
  pruneUserSessions: worker.mutation(({ ctx }) => pruneUserSessions(ctx.db, ctx.now())),
  pruneAuthCodes: worker.mutation(({ ctx }) => pruneAuthCodes(ctx.db, ctx.now())),
  pruneRateLimits: worker.mutation(async ({ ctx }) => ({
    ...(await pruneRateLimits(ctx.db, ctx.now())),
    ...(await pruneSkoolRecords(ctx.db, ctx.now())),
  })),
  archiveSessions: worker
    .input(
      z.object({
        olderThanMonths: z.number().int().min(1).max(120).default(6),
        batchSize: z.number().int().min(1).max(5000).default(500),
        maxBatches: z.number().int().min(1).max(10_000).default(200),
      }),
    )
    .mutation(({ ctx, input }) => archiveOldSessions(ctx.db, { ...input, now: ctx.now() })),
  sweepSessions: worker.mutation(({ ctx }) =>
    sweepSessions(ctx.db, { now: ctx.now(), warningMinutes: ctx.settings.session.warningMinutes, logger: ctx.logger }),
  ),
  sendReminders: worker.mutation(({ ctx }) =>
    sendAppointmentReminders(
      { db: ctx.db, mailer: ctx.mailer, logger: ctx.logger, publicUrl: ctx.settings.publicUrl },
      ctx.now(),
    ),
  ),
  /** Appointments nobody joined, NO_SHOW_GRACE_MINUTES after their end. */
  markNoShows: worker.mutation(({ ctx }) =>
    markNoShows(ctx, { now: ctx.now(), graceMinutes: ctx.settings.session.noShowGraceMinutes }),
  ),
  /** Homework due within a day, and overdue homework, once each. */
  remindHomework: worker.mutation(({ ctx }) =>
    remindHomework(
      { db: ctx.db, mailer: ctx.mailer, logger: ctx.logger, publicUrl: ctx.settings.publicUrl },
      ctx.now(),
    ),
  ),
  /** Messages between sessions left unread for MESSAGE_EMAIL_AFTER_MINUTES, by email. */
  emailUnreadMessages: worker.mutation(({ ctx }) =>
    emailUnreadMessages(
      { db: ctx.db, mailer: ctx.mailer, logger: ctx.logger, publicUrl: ctx.settings.publicUrl },
      {
        now: ctx.now(),
        afterMinutes: ctx.settings.messages.emailAfterMinutes,
        rule: accessRule(ctx.settings, ctx.now()),
      },
    ),
  ),
  /** Replaced uploads and changed Skool photos; a file saved in the last hour is never touched. */
  removeUnusedPhotos: worker.mutation(({ ctx }) =>
    removeUnusedPhotos(
      { db: ctx.db, logger: ctx.logger, photoDir: ctx.settings.photoDir },
      { now: ctx.now(), minAgeMs: 60 * 60_000 },
    ),
  ),
  /** Defaults to yesterday (UTC): the job runs just after midnight. */
  rollupDailyMetrics: worker
    .input(z.object({ day: z.date().optional() }).default({}))
    .mutation(({ ctx, input }) =>
      rollupDailyMetrics(ctx.db, input.day ?? new Date(ctx.now().getTime() - 24 * 60 * 60_000), ctx.now()),
    ),
  /** Every day since the first activity without a rollup (at worker start: a fresh install's history). */
  backfillDailyMetrics: worker.mutation(({ ctx }) =>
    backfillDailyMetrics(ctx.db, { now: ctx.now(), recompute: false }),
  ),
});
