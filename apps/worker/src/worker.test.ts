import type { Health } from '@hybridcoach/api';
import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, expect, test } from 'vitest';
import { HEARTBEAT_QUEUE } from './jobs/heartbeat';
import { startTestWorker } from './test-support/test-worker';
import type { RunningWorker } from './worker';

const t = useTestDatabase();
let worker: RunningWorker | undefined;
afterAll(() => worker?.stop());

test('runs a heartbeat job through pg-boss on the same database', async () => {
  const logger = createLogger('worker-test', 'silent');
  worker = await startTestWorker(t, logger);
  const id = await worker.boss.send(HEARTBEAT_QUEUE, {});
  expect(id).toBeTruthy();
  let job = null;
  for (let i = 0; i < 60 && job?.state !== 'completed'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    job = await worker.boss.getJobById<object>(HEARTBEAT_QUEUE, id ?? '');
  }
  expect(job?.state).toBe('completed');
  const output = job?.output as unknown as Health;
  expect(output.status).toBe('ok');
  expect(output.database.up).toBe(true);
  // The schedule that fires it every minute is registered.
  expect((await worker.boss.getSchedules()).map((s) => s.name)).toContain(HEARTBEAT_QUEUE);
});
