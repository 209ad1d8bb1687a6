import { createCaller } from '@hybridcoach/api';
import { defineJob } from './job';

// Crons are UTC and spread over the quiet hours so that the daily jobs do not start at once.

export const housekeepingJobs = [
  defineJob({
    queue: 'housekeeping.user-sessions',
    cron: '17 3 * * *',
    run: (ctx) => createCaller(ctx).housekeeping.pruneUserSessions(),
  }),
  defineJob({
    queue: 'housekeeping.auth-codes',
    cron: '7 * * * *',
    run: (ctx) => createCaller(ctx).housekeeping.pruneAuthCodes(),
  }),
  defineJob({
    queue: 'housekeeping.rate-limits',
    cron: '27 3 * * *',
    run: (ctx) => createCaller(ctx).housekeeping.pruneRateLimits(),
  }),
  defineJob({
    queue: 'housekeeping.archive-sessions',
    cron: '37 3 * * *',
    run: (ctx, _data, { config }) =>
      createCaller(ctx).housekeeping.archiveSessions({ olderThanMonths: config.archiveAfterMonths }),
  }),
  // The web server sweeps every few seconds too; a second sweeper is harmless and covers a
  // deployment where no web server is up.
  defineJob({
    queue: 'housekeeping.sweep-sessions',
    cron: '* * * * *',
    run: (ctx) => createCaller(ctx).housekeeping.sweepSessions(),
  }),
  defineJob({
    queue: 'housekeeping.reminders',
    cron: '* * * * *',
    run: (ctx) => createCaller(ctx).housekeeping.sendReminders(),
  }),
  defineJob({
    queue: 'housekeeping.no-shows',
    cron: '* * * * *',
    run: (ctx) => createCaller(ctx).housekeeping.markNoShows(),
  }),
  defineJob({
    queue: 'housekeeping.homework-reminders',
    cron: '*/15 * * * *',
    run: (ctx) => createCaller(ctx).housekeeping.remindHomework(),
  }),
  defineJob({
    queue: 'housekeeping.unread-messages',
    cron: '* * * * *',
    run: (ctx) => createCaller(ctx).housekeeping.emailUnreadMessages(),
  }),
  defineJob({
    queue: 'housekeeping.photos',
    cron: '47 3 * * *',
    run: (ctx) => createCaller(ctx).housekeeping.removeUnusedPhotos(),
  }),
  defineJob({
    queue: 'housekeeping.daily-metrics',
    cron: '15 0 * * *',
    run: (ctx) => createCaller(ctx).housekeeping.rollupDailyMetrics(),
  }),
  // A fresh install with history (imported, seeded) has charts from the first start; later
  // starts find nothing missing.
  defineJob({
    queue: 'housekeeping.metrics-backfill',
    cron: null,
    runAtStart: true,
    run: (ctx) => createCaller(ctx).housekeeping.backfillDailyMetrics(),
  }),
];
