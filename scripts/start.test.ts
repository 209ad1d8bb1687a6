// `npm start` pointed at a real, empty database: migrations, no demo people, no built-in admin,
// a one-time setup link in the log, and every process up with its health and metrics.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@hybridcoach/config';
import { freePort, useTestDatabase } from '@hybridcoach/db/testing';
import { createBrowserClient } from '@hybridcoach/web/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { wantsDemo } from './lib/prepare';

const t = useTestDatabase({ empty: true });
const METRICS_TOKEN = 'metrics-token-for-start-test-0123456789';
let launcher: ChildProcess | null = null;
afterAll(() => {
  launcher?.kill('SIGKILL');
});

describe('demo data only where it is a demo', () => {
  test('the embedded default is a demo; a real database only when asked', () => {
    expect(wantsDemo({ DATABASE_URL: undefined, DEMO_DATA: undefined }, [])).toBe(true);
    expect(wantsDemo({ DATABASE_URL: 'postgres://db/app', DEMO_DATA: undefined }, [])).toBe(false);
    expect(wantsDemo({ DATABASE_URL: 'postgres://db/app', DEMO_DATA: undefined }, ['--demo'])).toBe(true);
    expect(wantsDemo({ DATABASE_URL: 'postgres://db/app', DEMO_DATA: true }, [])).toBe(true);
    expect(wantsDemo({ DATABASE_URL: undefined, DEMO_DATA: false }, [])).toBe(false);
  });
});

describe('npm start on DATABASE_URL with an empty database', () => {
  test('creates no demo rows and no admin; the logged setup link makes one admin, once', async () => {
    const [port, agentPort, workerPort] = [await freePort(), await freePort(), await freePort()];
    const url = `http://127.0.0.1:${port}`;
    launcher = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/start.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: t.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: url,
        AGENT_HEALTH_PORT: String(agentPort),
        WORKER_HEALTH_PORT: String(workerPort),
        DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'hc-start-')),
        DATABASE_POOL_SIZE: '3',
        METRICS_TOKEN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    launcher.stdout?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    launcher.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => launcher?.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!log.includes('HybridCoach is ready at')) {
      if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not get ready:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // Migrated, and nobody in it: no demo people, no admin at a built-in address.
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.appointment.count()).toBe(0);
    const setupUrl = log.match(/"setupUrl":"([^"]+)"/)?.[1];
    expect(setupUrl).toMatch(new RegExp(`^${url}/setup#token=[a-z2-7]{32}$`));
    const token = new URL(setupUrl ?? '').hash.replace('#token=', '');

    const owner = createBrowserClient(url);
    const made = await owner.client.auth.setupAdmin.mutate({
      token,
      email: 'owner@clinic.example',
      displayName: 'Owner',
    });
    expect(made.role).toBe('admin');
    await expect(
      createBrowserClient(url).client.auth.setupAdmin.mutate({
        token,
        email: 'second@clinic.example',
        displayName: 'Second',
      }),
    ).rejects.toThrow(/already used/);
    expect(await t.db.user.findMany({ select: { email: true, role: true } })).toEqual([
      { email: 'owner@clinic.example', role: 'admin' },
    ]);

    // Each process is ready and shows its metrics to the scraper.
    const scrape = async (base: string) =>
      fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
    for (const base of [url, `http://127.0.0.1:${workerPort}`, `http://127.0.0.1:${agentPort}`]) {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/livez`)).status).toBe(200);
    }
    const web = await scrape(url);
    expect(web).toContain(
      'hc_trpc_requests_total{procedure="auth.setupAdmin",type="mutation",outcome="ok",app="web"} 1',
    );
    expect(web).toContain('hc_trpc_errors_total{procedure="auth.setupAdmin",code="FORBIDDEN",app="web"} 1');
    for (const series of ['hc_trpc_request_duration_seconds_bucket', 'hc_sse_streams_open', 'hc_db_pool_connections'])
      expect(web).toContain(series);
    const worker = await scrape(`http://127.0.0.1:${workerPort}`);
    for (const series of ['hc_job_queue_depth{queue="heartbeat",app="worker"}', 'hc_db_pool_connections'])
      expect(worker).toContain(series);
    const agent = await scrape(`http://127.0.0.1:${agentPort}`);
    for (const series of ['hc_agent_rooms_active{app="agent"} 0', 'hc_agent_transcript_segments_stored_total'])
      expect(agent).toContain(series);

    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    launcher = null;
  });
});
