import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaller, createContext, DevMailbox, settingsFromEnv } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { listBackups } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, expect, test } from 'vitest';
import { BACKUP_QUEUE } from './jobs/privacy';
import { startTestWorker } from './test-support/test-worker';
import type { RunningWorker } from './worker';

const t = useTestDatabase();
const logger = createLogger('worker-privacy-test', 'silent');
const base = settingsFromEnv(loadEnv({}));
const settings = { ...base, privacy: { ...base.privacy, exportDir: mkdtempSync(path.join(os.tmpdir(), 'hc-wexp-')) } };
const backupDir = mkdtempSync(path.join(os.tmpdir(), 'hc-wbak-'));
let worker: RunningWorker | undefined;
afterAll(() => worker?.stop());

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 120; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("a member's export request is built by the worker, and the daily backup writes a sealed file", async () => {
  worker = await startTestWorker(t, logger, {
    settings,
    config: { requestPollSeconds: 0.5, backupDir, backupKeep: 3 },
  });
  const client = await t.given.client();
  const api = createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 't',
      settings,
      keys: t.keys,
      mailer: new DevMailbox(logger),
      principal: { kind: 'user', userId: client.id, role: 'client', userSessionId: 's' },
    }),
  );
  const { id } = await api.privacy.requestExport();
  const ready = await until('the export', async () => {
    const [row] = await api.privacy.myExports();
    return row?.status === 'ready' && row;
  });
  expect(ready).toMatchObject({ id, downloadUrl: `/exports/${id}/download` });

  await worker.boss.send(BACKUP_QUEUE, {});
  const files = await until('the backup', async () => {
    const found = await listBackups(backupDir);
    return found.length > 0 && found;
  });
  expect(path.basename(files[0] as string)).toMatch(/^hybridcoach-.*\.hcbackup$/);
});
