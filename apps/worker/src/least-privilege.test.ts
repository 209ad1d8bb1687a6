import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@hybridcoach/config';
import { createDb, type DatabaseHandle, openDatabase } from '@hybridcoach/db';
import { freePort, given, testKeys, testKeyText } from '@hybridcoach/db/testing';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/**
 * The embedded default as `npm start` opens it: the apps connect as a role that reads and writes
 * rows and owns nothing in public; migrations run as the owner; the superuser's password is made
 * for this data directory. Proved against the real server, with pg-boss (the worker's queues) on
 * the app role.
 */
const logger = createLogger('least-privilege-test', 'silent');
const root = await mkdtemp(path.join(os.tmpdir(), 'hc-roles-'));
await chmod(root, 0o755);
let database: DatabaseHandle;
let port: number;

const env = () => ({
  DATABASE_URL: undefined,
  DATA_DIR: root,
  EMBEDDED_PG_PORT: port,
  ENCRYPTION_KEYS: testKeyText,
});

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

const refusal = (url: string, text: string) =>
  query(url, text).then(
    () => 'allowed',
    (err: Error) => err.message,
  );

beforeAll(async () => {
  port = await freePort();
  database = await openDatabase({ env: env(), logger });
}, 120_000);

afterAll(async () => {
  await database?.close();
  await rm(root, { recursive: true, force: true });
});

describe('the embedded default, least privilege', () => {
  test('the app role reads and writes rows, and nothing else', async () => {
    const app = database.appUrl;
    const [who] = (await query(app, 'SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user'))
      .rows as { name: string; rolsuper: boolean }[];
    expect(who).toEqual({ name: 'hybridcoach_app', rolsuper: false });
    await query(app, `INSERT INTO "User" (id, email, "displayName", "updatedAt") VALUES ('u1', 'a@b.c', 'A', now())`);
    expect((await query(app, 'SELECT count(*)::int AS n FROM "User"')).rows[0]).toEqual({ n: 1 });
    await query(app, `DELETE FROM "User" WHERE id = 'u1'`);
    expect((await query(app, 'SELECT count(*)::int AS n FROM _prisma_migrations')).rows[0]?.n).toBeGreaterThan(10);

    for (const statement of [
      "COPY (SELECT 1) TO PROGRAM 'id'",
      "COPY (SELECT 1) TO '/tmp/hc-least-privilege'",
      'CREATE TABLE public.planted (v text)',
      'DROP TABLE "AuditLog"',
      'ALTER TABLE "User" ADD COLUMN planted text',
      'TRUNCATE "User"',
      'DELETE FROM _prisma_migrations',
      'CREATE ROLE planted',
      'CREATE DATABASE planted',
      "SELECT pg_read_file('postgresql.conf')",
    ])
      expect(await refusal(app, statement), statement).toMatch(/permission denied|must be (owner|superuser)/);
  });

  test('through Prisma, the app role books (the exclusion constraint still refuses an overlap) and keeps a session record', async () => {
    const db = createDb({ url: database.appUrl, poolSize: 2 });
    try {
      const make = given(db, testKeys);
      const booked = await make.appointment();
      await expect(
        make.appointment({ coach: booked.coach, client: booked.client, startsAt: booked.appointment.scheduledFor }),
      ).rejects.toThrow();
      const done = await make.completedSession();
      expect(await db.session.count({ where: { id: done.session.id } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  test('every table in public belongs to the owner role, which is no superuser either', async () => {
    const owners = await query(
      database.url,
      `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') `,
    );
    expect(owners.rows).toEqual([{ owner: 'hybridcoach_owner' }]);
    expect(await refusal(database.url, "COPY (SELECT 1) TO PROGRAM 'id'")).toMatch(/permission denied/);
  });

  test('pg-boss runs its queues on the app role, in the schema it owns', async () => {
    const boss = new PgBoss({ connectionString: database.appUrl, max: 2 });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      await boss.createQueue('least-privilege');
      const id = await boss.send('least-privilege', { ok: true });
      const [job] = await boss.fetch<{ ok: boolean }>('least-privilege');
      expect(job?.id).toBe(id);
      expect(job?.data).toEqual({ ok: true });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  test('the superuser’s password is this directory’s own, kept 0600, and scram is required', async () => {
    const dataDir = path.join(root, 'postgres');
    const file = path.join(dataDir, 'hybridcoach-credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(new Set(Object.values(credentials)).size).toBe(3);
    expect(database.adminUrl).toContain(encodeURIComponent(credentials.superuser ?? ''));
    expect(await refusal(database.adminUrl.replace(/:[^:@/]+@/, ':hybridcoach-local@'), 'SELECT 1')).toMatch(
      /password authentication failed/,
    );
    const rules = (await readFile(path.join(dataDir, 'pg_hba.conf'), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() && !line.trim().startsWith('#'));
    expect(rules.every((line) => line.trim().endsWith('scram-sha-256'))).toBe(true);
  });

  test('an install from before roles and per-directory passwords is brought into line at its next start', async () => {
    const dataDir = path.join(root, 'postgres');
    // Make it look like an older install: the built-in password, `password` in pg_hba, tables owned by postgres.
    const legacy = database.adminUrl.replace(/:[^:@/]+@/, ':hybridcoach-local@');
    await query(database.adminUrl, `ALTER ROLE postgres PASSWORD 'hybridcoach-local'`);
    await query(legacy.replace(/\/postgres$/, '/hybridcoach'), 'ALTER TABLE "User" OWNER TO postgres');
    await database.close();
    await rm(path.join(dataDir, 'hybridcoach-credentials.json'));
    const hba = path.join(dataDir, 'pg_hba.conf');
    await writeFile(hba, (await readFile(hba, 'utf8')).replaceAll('scram-sha-256', 'password'));

    database = await openDatabase({ env: env(), logger });
    expect((await stat(path.join(dataDir, 'hybridcoach-credentials.json'))).mode & 0o777).toBe(0o600);
    expect(await refusal(legacy, 'SELECT 1')).toMatch(/password authentication failed/);
    const owner = await query(
      database.url,
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'User'`,
    );
    expect(owner.rows).toEqual([{ owner: 'hybridcoach_owner' }]);
    expect(await refusal(database.appUrl, 'SELECT count(*) FROM "User"')).toBe('allowed');
    // pg-boss is installed now (the test above): the app role's CREATE on the database is gone.
    expect(await refusal(database.appUrl, 'CREATE SCHEMA planted')).toMatch(/permission denied/);
  }, 120_000);
});
