import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLogger, repoRoot } from '@hybridcoach/config';
import { ensureDatabase, startEmbeddedPostgres } from '@hybridcoach/db/embedded';
import { useTestDatabase } from '@hybridcoach/db/testing';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { checkDiskSpace, checkNodeVersion, checkPort } from './lib/doctor';

const t = useTestDatabase({ poolSize: 1 });
const FUTURE = '29990101000000_from_a_newer_checkout';
const root = await mkdtemp(path.join(os.tmpdir(), 'hc-doctor-test-'));
// Run as root, PostgreSQL runs as its own user, which must reach the data directory.
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

/** A server holding a port, as another program would. */
async function occupy(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function freePort(): Promise<number> {
  const held = await occupy();
  await held.close();
  return held.port;
}

async function recordFutureMigration(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id text PRIMARY KEY, checksum text NOT NULL, finished_at timestamptz, migration_name text NOT NULL,
    logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
    applied_steps_count integer NOT NULL DEFAULT 0)`);
  await client.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at) VALUES (gen_random_uuid()::text, 'x', $1, now())`,
    [FUTURE],
  );
  await client.end();
}

/** `npm run doctor` as a newcomer runs it (the CLI, not its functions). */
async function doctor(env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
  });
  try {
    const { stdout, stderr } = await run;
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const noStackTrace = /^\s+at /m;

describe('the doctor', () => {
  test('names a Node older than the engines field asks for, and lets a recent one through', () => {
    expect(checkNodeVersion('20.18.3', '>=20.19')).toMatchObject({
      severity: 'problem',
      message: expect.stringMatching(/^Node 20\.18\.3 is too old: HybridCoach needs Node >=20\.19/),
    });
    expect(checkNodeVersion('20.19.0', '>=20.19').severity).toBe('ok');
    expect(checkNodeVersion('22.1.0', '>=20.19.5').severity).toBe('ok');
    expect(checkNodeVersion('20.19.4', '>=20.19.5').severity).toBe('problem');
  });

  test('names a port in use and the variable that moves it', async () => {
    const held = await occupy();
    expect(await checkPort('the web server', 'PORT', '127.0.0.1', held.port)).toEqual({
      severity: 'problem',
      message: `Port ${held.port} (PORT, the web server) is in use by another program; is HybridCoach already running? Stop it, or set PORT to a free port.`,
    });
    await held.close();
    expect((await checkPort('the web server', 'PORT', '127.0.0.1', held.port)).severity).toBe('ok');
  });

  test('measures the free space of the data directory’s disk, even before the directory exists', async () => {
    const dir = path.join(root, 'not-yet', 'data');
    expect((await checkDiskSpace(dir, { problemBelow: Number.MAX_SAFE_INTEGER, warnBelow: 0 })).severity).toBe(
      'problem',
    );
    expect((await checkDiskSpace(dir, { problemBelow: 0, warnBelow: Number.MAX_SAFE_INTEGER })).severity).toBe(
      'warning',
    );
    expect(await checkDiskSpace(dir, { problemBelow: 0, warnBelow: 0 })).toMatchObject({
      severity: 'ok',
      message: expect.stringMatching(/^\d+ MB free for .*not-yet\/data$/),
    });
  });

  test('reports a taken port and a DATABASE_URL from a newer checkout in sentences, and exits 1', async () => {
    await recordFutureMigration(t.url);
    const held = await occupy();
    try {
      const { code, output } = await doctor({
        DATABASE_URL: t.url,
        PORT: String(held.port),
        AGENT_HEALTH_PORT: String(await freePort()),
        WORKER_HEALTH_PORT: String(await freePort()),
        DATA_DIR: path.join(root, 'unused'),
      });
      expect(code).toBe(1);
      expect(output).toContain(`✗ Port ${held.port} (PORT, the web server) is in use`);
      expect(output).toMatch(new RegExp(`✗ DATABASE_URL .* was migrated by a newer version .*\\(${FUTURE}\\)`));
      expect(output).toContain('2 problem(s) to fix before HybridCoach can start.');
      expect(output).not.toMatch(noStackTrace);
    } finally {
      await held.close();
    }
  });

  test('opens the embedded data directory to find migrations this checkout lacks', async () => {
    const dataDir = path.join(root, 'newer');
    const port = await freePort();
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port,
      logger: createLogger('doctor-test', 'silent'),
      ephemeral: true,
    });
    try {
      await ensureDatabase(server.url(), 'hybridcoach');
      await recordFutureMigration(server.url('hybridcoach'));
    } finally {
      await server.stop();
    }
    const env = {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(port),
      PORT: String(await freePort()),
      AGENT_HEALTH_PORT: String(await freePort()),
      WORKER_HEALTH_PORT: String(await freePort()),
    };
    const { code, output } = await doctor(env);
    expect(code).toBe(1);
    expect(output).toContain(`✗ The database in ${path.join(dataDir, 'postgres')} was migrated by a newer version`);
    expect(output).toContain(FUTURE);
    expect(output).not.toMatch(noStackTrace);
    // Before npm start it stays quiet when nothing is wrong (the database is checked by start itself).
    expect(await doctor(env, '--before', 'start')).toEqual({ code: 0, output: '' });
  });

  test('names a bad variable instead of throwing', async () => {
    const { code, output } = await doctor({ PORT: 'eighty', DATA_DIR: path.join(root, 'unused') }, '--before', 'start');
    expect(code).toBe(1);
    expect(output).toContain(`✗ PORT="eighty" is not valid: `);
    expect(output).not.toMatch(noStackTrace);
  });
});
