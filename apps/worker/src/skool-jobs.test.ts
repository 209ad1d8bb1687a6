import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCaller, createContext, DevMailbox, settingsFromEnv } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SkoolStandIn } from '../../../packages/api/src/skool/test-support/skool-stand-in';
import { SKOOL_CSV_FOLDER_QUEUE } from './jobs/skool-folder';
import { SKOOL_SYNC_QUEUE } from './jobs/skool-sync';
import { startTestWorker } from './test-support/test-worker';
import type { RunningWorker } from './worker';

const t = useTestDatabase();
const logger = createLogger('worker-skool-test', 'silent');
// The web side only needs to know a members endpoint is configured (it offers "sync now" then);
// the worker below is given the stand-in's address.
const settings = settingsFromEnv(
  loadEnv({ ADMIN_EMAILS: 'admin@example.com', SKOOL_MEMBERS_URL: 'http://members.example/members' }),
);
const stand = new SkoolStandIn('endpoint-token');
let worker: RunningWorker;
let csvDir = '';

beforeAll(async () => {
  await stand.start();
  csvDir = await mkdtemp(path.join(os.tmpdir(), 'hc-worker-csv-'));
  worker = await startTestWorker(t, logger, {
    settings,
    config: {
      membersEndpoint: { url: `${stand.url}/members`, token: 'endpoint-token' },
      csvDir,
      // Far away: the scheduled pull must not run in the middle of these tests.
      syncCron: '0 0 1 1 *',
      requestPollSeconds: 0.2,
      retryLimit: 3,
      retryDelaySeconds: 1,
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await stand.stop();
});

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('Skool jobs on pg-boss', () => {
  test('"sync now" from the admin page runs a sync job against the members endpoint', async () => {
    stand.setMembers('ultra', [{ email: 'now1@example.com', name: 'Now One' }, { email: 'now2@example.com' }]);
    const admin = await t.db.user.create({ data: { email: 'admin@example.com', displayName: 'Admin', role: 'admin' } });
    const api = createCaller(
      createContext({
        db: t.db,
        logger,
        requestId: 'admin',
        settings,
        mailer: new DevMailbox(logger),
        principal: { kind: 'user', userId: admin.id, role: 'admin', userSessionId: 's' },
      }),
    );
    const request = await api.admin.skool.syncNow({ community: 'ultra' });
    const done = await until('the request to finish', async () => {
      const row = await t.db.skoolSyncRequest.findUniqueOrThrow({ where: { id: request.id } });
      return row.status === 'done' || row.status === 'failed' ? row : null;
    });
    expect(done).toMatchObject({ status: 'done', attempts: 1, error: null });
    const log = await t.db.skoolMonitoringLog.findUniqueOrThrow({ where: { id: done.logId ?? -1 } });
    expect(log).toMatchObject({ community: 'ultra', source: 'http', membersFound: 2, newMembers: 2, success: true });
    expect(await t.db.user.findUniqueOrThrow({ where: { email: 'now1@example.com' } })).toMatchObject({
      displayName: 'Now One',
      role: 'coach',
    });
    // The pg-boss job carries the request's id: sending it again is the same job.
    expect(await worker.boss.getJobById(SKOOL_SYNC_QUEUE, request.id)).toMatchObject({ state: 'completed' });
  });

  test('a sync whose endpoint fails once is retried with backoff and succeeds', async () => {
    stand.setMembers('vagus', [{ email: 'retry@example.com' }]);
    stand.failNext(1, 503);
    const jobId = await worker.boss.send(SKOOL_SYNC_QUEUE, { community: 'vagus' });
    const job = await until('the job to complete', async () => {
      const found = await worker.boss.getJobById(SKOOL_SYNC_QUEUE, jobId ?? '');
      return found?.state === 'completed' || found?.state === 'failed' ? found : null;
    });
    expect(job).toMatchObject({ state: 'completed', retryCount: 1 });
    const logs = await t.db.skoolMonitoringLog.findMany({ where: { community: 'vagus' }, orderBy: { id: 'asc' } });
    expect(logs.map((l) => [l.success, l.errorMessage])).toEqual([
      [false, 'the members endpoint answered 503 Service Unavailable'],
      [true, null],
    ]);
    expect(await t.db.user.findUnique({ where: { email: 'retry@example.com' } })).toMatchObject({
      vagusSubscriptionStatus: 'active',
    });
  });

  test('a CSV dropped in the folder is synced and moved to done/', async () => {
    // The export lists every member (retry@ joined in the test above): it is a full snapshot.
    await writeFile(
      path.join(csvDir, 'vagus-export.csv'),
      'Name,Email\nFolder Client,folder@example.com\nRetry,retry@example.com\n',
    );
    await worker.boss.send(SKOOL_CSV_FOLDER_QUEUE, {});
    await until(
      'the file to be done',
      async () => (await readdir(path.join(csvDir, 'done')).catch(() => [])).length > 0,
    );
    expect(await t.db.user.findUnique({ where: { email: 'folder@example.com' } })).toMatchObject({
      displayName: 'Folder Client',
      vagusSubscriptionStatus: 'active',
    });
    const log = await t.db.skoolMonitoringLog.findFirstOrThrow({ where: { source: 'csv-folder' } });
    expect(log).toMatchObject({ success: true, newMembers: 1, details: { file: 'vagus-export.csv' } });
  });

  test('a malformed CSV in the folder is rejected with its line number and nothing applied', async () => {
    const usersBefore = await t.db.user.count();
    await writeFile(path.join(csvDir, 'ultra-broken.csv'), 'Email,Status\nfine@example.com,active\nbroken,active\n');
    await worker.boss.send(SKOOL_CSV_FOLDER_QUEUE, {});
    const failed = await until('the file to fail', async () => {
      const files = await readdir(path.join(csvDir, 'failed')).catch(() => []);
      return files.some((f) => f.endsWith('.error.txt')) ? files : null;
    });
    expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(/ultra-broken\.csv$/)]));
    const log = await t.db.skoolMonitoringLog.findFirstOrThrow({ where: { source: 'csv-folder', success: false } });
    expect(log.errorMessage).toContain('line 3: invalid email "broken"');
    expect(await t.db.user.count()).toBe(usersBefore);
  });

  test('every job is registered, and the housekeeping ones are scheduled', async () => {
    const schedules = (await worker.boss.getSchedules()).map((s) => s.name);
    expect(schedules).toEqual(
      expect.arrayContaining([
        'heartbeat',
        'skool.sync-all',
        'skool.csv-folder',
        'skool.photos',
        'skool.grace-periods',
        'housekeeping.user-sessions',
        'housekeeping.auth-codes',
        'housekeeping.rate-limits',
        'housekeeping.archive-sessions',
        'housekeeping.sweep-sessions',
        'housekeeping.reminders',
        'housekeeping.unread-messages',
        'housekeeping.daily-metrics',
      ]),
    );
    expect(schedules).not.toContain(SKOOL_SYNC_QUEUE);
  });
});
