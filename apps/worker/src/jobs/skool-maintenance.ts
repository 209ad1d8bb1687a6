import { createCaller } from '@hybridcoach/api';
import { defineJob } from './job';

export const SKOOL_PHOTOS_QUEUE = 'skool.photos';
export const SKOOL_GRACE_QUEUE = 'skool.grace-periods';

/** Downloads new or changed Skool photos; failures wait out their backoff (SkoolPhotoSync). */
export const skoolPhotosJob = defineJob<object>({
  queue: SKOOL_PHOTOS_QUEUE,
  cron: '*/10 * * * *',
  run: (ctx) => createCaller(ctx).skool.syncPhotos({ limit: 50 }),
});

/**
 * Grace periods run out by the clock, not by a snapshot: hourly, ended ones expire (the coach
 * role goes) and members whose end is near are warned, even when no sync runs.
 */
export const skoolGracePeriodsJob = defineJob<object>({
  queue: SKOOL_GRACE_QUEUE,
  cron: '5 * * * *',
  async run(ctx) {
    const api = createCaller(ctx).skool;
    const { expired } = await api.expireGracePeriods();
    const { warned } = await api.sendGraceWarnings();
    return { expired, warned };
  },
});
