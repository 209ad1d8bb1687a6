import type { Db } from '@hybridcoach/db';
import type { z } from 'zod';
import type { dailyMetricsInput } from './schemas';

/** PlatformMetric rows (the worker's daily rollup) between two days, oldest first. */
export function dailyMetrics(db: Db, input: z.infer<typeof dailyMetricsInput>) {
  return db.platformMetric.findMany({
    where: { metric: input.metric, date: { gte: input.from, lte: input.to } },
    orderBy: [{ date: 'asc' }, { metric: 'asc' }],
    take: 5000,
  });
}
