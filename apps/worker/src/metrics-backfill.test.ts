import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, expect, test } from 'vitest';
import { startTestWorker } from './test-support/test-worker';
import type { RunningWorker } from './worker';

const t = useTestDatabase();
let worker: RunningWorker | undefined;
afterAll(() => worker?.stop());

test('a fresh install with completed sessions has daily metrics once the worker has started', async () => {
  // Noon three days ago (UTC), so that the session ends on the day it starts.
  const today = new Date();
  const startsAt = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 3, 12));
  await t.given.completedSession({ startsAt });
  expect(await t.db.platformMetric.count()).toBe(0);
  const logger = createLogger('worker-test', 'silent');
  worker = await startTestWorker(t, logger);
  const day = new Date(`${startsAt.toISOString().slice(0, 10)}T00:00:00Z`);
  // The backfill rolls up one day after another: wait for all three (it flaked when the count
  // was read as soon as the session's day appeared).
  let days = 0;
  for (let i = 0; i < 80 && days < 3; i++) {
    await new Promise((r) => setTimeout(r, 250));
    days = await t.db.platformMetric.count({ where: { metric: 'sessions_completed' } });
  }
  const metric = await t.db.platformMetric.findFirst({ where: { date: day, metric: 'sessions_completed' } });
  expect(metric?.value).toBe(1);
  // Every day since then up to yesterday, not only that one.
  expect(days).toBe(3);
});
