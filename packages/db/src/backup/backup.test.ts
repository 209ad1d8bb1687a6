import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, test } from 'vitest';
import { createDb } from '../client';
import { quoteIdent, withDatabase } from '../connection-url';
import { migrateDeploy } from '../migrate';
import { seedDemoData } from '../seed';
import { testKeys, useTestDatabase } from '../testing';
import { backupDatabase, listBackups, scheduledBackup } from './backup';
import { restoreDatabase } from './restore';

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const tables = await sql<{ t: string }>(
    url,
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1",
  );
  const counts: Record<string, number> = {};
  for (const { t } of tables)
    counts[t] = (await sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM "${t}"`))[0]?.n ?? 0;
  return counts;
}

const t = useTestDatabase();
const silent = { info() {}, warn() {}, error() {} } as unknown as Parameters<typeof scheduledBackup>[0]['logger'];

describe('backup and restore', () => {
  test('restore drill: seed, back up, wipe, restore; every table has its rows and a transcript is byte-equal', async () => {
    const { adminUrl } = inject('hcTestDatabase');
    const name = `hc_drill_${Date.now().toString(36)}`;
    const url = withDatabase(adminUrl, name);
    await sql(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
    try {
      await migrateDeploy(url);
      const db = createDb({ url, poolSize: 2 });
      await seedDemoData(db, { keys: testKeys });
      // A transcript with what COPY text must escape: tabs, newlines, backslashes, non-ASCII.
      const session = await db.session.findFirstOrThrow({
        where: { transcript: { not: null } },
        orderBy: { id: 'asc' },
      });
      const transcript = `${session.transcript}\nCoach:\tsay "ok" \\ then\r\nClient: ça va — 🙂`;
      await db.session.update({ where: { id: session.id }, data: { transcript } });
      await db.$disconnect();
      const before = await rowCounts(url);
      expect(before.Message).toBeGreaterThan(0);

      const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-backup-'));
      const backup = await backupDatabase({ url, keys: testKeys, file: path.join(dir, 'drill.hcbackup') });
      // Sealed: neither a transcript line nor an intake answer is readable in the file.
      const bytes = await readFile(backup.file);
      expect(bytes.includes('ça va')).toBe(false);
      expect(bytes.includes('Racing heart')).toBe(false);

      await sql(adminUrl, `DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
      await sql(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
      const restored = await restoreDatabase({ url, keys: testKeys, file: backup.file });
      expect(restored.rows).toEqual(Object.fromEntries(Object.entries(before).filter(([t]) => t in restored.rows)));
      expect(await rowCounts(url)).toEqual(before);
      const [back] = await sql<{ transcript: string }>(
        url,
        `SELECT transcript FROM "Session" WHERE id = '${session.id}'`,
      );
      expect(Buffer.from(back?.transcript ?? '').equals(Buffer.from(transcript))).toBe(true);
      // Sequences carry on after the restored ids.
      await sql(
        url,
        `INSERT INTO "SkoolMonitoringLog" (community, "membersFound", "newMembers", "cancelledMembers", "syncDurationMs", success) VALUES ('vagus', 1, 0, 0, 1, true)`,
      );

      await expect(restoreDatabase({ url, keys: testKeys, file: backup.file })).rejects.toThrow(/not empty/);
    } finally {
      await sql(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
  });

  test('the scheduled backup keeps only the newest files', async () => {
    const url = t.url;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-backups-'));
    for (const day of [1, 2, 3])
      await scheduledBackup({
        url,
        keys: testKeys,
        dir,
        keep: 2,
        now: new Date(`2031-01-0${day}T02:30:00Z`),
        logger: silent,
      });
    expect((await listBackups(dir)).map((f) => path.basename(f))).toEqual([
      'hybridcoach-2031-01-02T02-30-00Z.hcbackup',
      'hybridcoach-2031-01-03T02-30-00Z.hcbackup',
    ]);
  });
});
