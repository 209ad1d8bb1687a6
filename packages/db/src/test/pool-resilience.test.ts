import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';
import { createDb } from '../client';
import { Prisma } from '../generated/prisma/client';
import { sqlRows } from '../hot-sql';
import { useTestDatabase } from '../testing';

const t = useTestDatabase();
const db = () => createDb({ url: t.url, poolSize: 3 });
const opened: ReturnType<typeof createDb>[] = [];
afterAll(() => Promise.all(opened.map((d) => d.$disconnect())));

test('a connection the server ends while idle (a restart, a failover) costs one connection, not the process', async () => {
  const client = db();
  opened.push(client);
  await Promise.all([1, 2, 3].map(() => sqlRows(client, Prisma.sql`SELECT pg_sleep(0.05)`)));
  const admin = new pg.Client({ connectionString: inject('hcTestDatabase').adminUrl });
  await admin.connect();
  try {
    const ended = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = ''`,
      [new URL(t.url).pathname.slice(1)],
    );
    expect(ended.rowCount).toBeGreaterThan(0);
  } finally {
    await admin.end();
  }
  // The idle connections' errors arrive now; unhandled, they would end the test process.
  await new Promise((r) => setTimeout(r, 200));
  const [row] = await sqlRows<{ ok: number }>(client, Prisma.sql`SELECT 1 AS ok`);
  expect(row?.ok).toBe(1);
  expect(await client.user.count()).toBeGreaterThanOrEqual(0);
});
