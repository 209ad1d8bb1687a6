import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { AppRouter } from '@hybridcoach/api';
import { createServiceClient } from '@hybridcoach/api/client';
import { createDb } from '@hybridcoach/db';
import { seedDemoData } from '@hybridcoach/db/seed';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
const tokens = {
  agent: 'agent-token-0123456789abcdef0123456789',
  worker: 'worker-token-0123456789abcdef012345678',
};
let server: TestServer;
let url = '';

const anonymousClient = () =>
  createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, transformer: superjson })],
  });

beforeAll(async () => {
  await seedDemoData(t.db, { keys: t.keys, now: new Date('2031-05-01T12:00:00Z') });
  server = await startTestServer({ db: t.db, serviceTokens: tokens });
  url = server.url;
});
afterAll(() => server.close());

describe('web server over real HTTP', () => {
  test('health.check answers through the real tRPC client', async () => {
    const health = await anonymousClient().health.check.query();
    expect(health.status).toBe('ok');
    expect(health.database.up).toBe(true);
    expect(health.time).toBeInstanceOf(Date); // superjson round-trip
  });

  test('every answer carries the browser security headers; API answers are never cached', async () => {
    const api = await fetch(`${url}/trpc/health.check`);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = api.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self'/);
    // Served over plain http here: no HSTS (a browser would pin a mistake).
    expect(api.headers.get('strict-transport-security')).toBeNull();
  });

  test('/healthz is 200 with a database, 503 without one', async () => {
    const ok = await fetch(`${url}/healthz`);
    expect(ok.status).toBe(200);
    const deadDb = createDb({ url: 'postgres://nobody:x@127.0.0.1:1/none', poolSize: 1 });
    const degraded = await startTestServer({ db: deadDb });
    try {
      const res = await degraded.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'degraded', database: { up: false } });
    } finally {
      await degraded.close();
      await deadDb.$disconnect();
    }
  });

  test('landing data is read through tRPC from the database', async () => {
    const client = anonymousClient();
    const [coaches, stats] = await Promise.all([client.coach.list.query(), client.session.stats.query()]);
    expect(coaches.map((c) => c.name).sort()).toEqual(['Coach Aisha', 'Coach Maya', 'Coach Tomás']);
    expect(stats.sessionsCompleted).toBe(12);
    expect(stats.transcriptSegments).toBe(120);
  });

  test('bad input is a BAD_REQUEST that names the field, not a 500', async () => {
    const error = await anonymousClient()
      .coach.get.query({ coachId: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data?.code).toBe('BAD_REQUEST');
    expect(data?.httpStatus).toBe(400);
    expect(data?.fieldErrors).toEqual({ coachId: ['is required'] });
  });

  test('hostile input is a BAD_REQUEST naming the field, never a 500, and stores nothing', async () => {
    const codes = await t.db.authCode.count();
    const browser = createBrowserClient(url);
    for (const email of ['jordan.lee@vagus.example\u0000', 'jordan\uD800@vagus.example']) {
      const error = await browser.client.auth.requestCode.mutate({ email }).catch((e: unknown) => e);
      const data = (error as TRPCClientError<AppRouter>).data;
      expect(data?.httpStatus).toBe(400);
      expect(Object.keys(data?.fieldErrors ?? {})).toEqual(['email']);
    }
    expect(await t.db.authCode.count()).toBe(codes);

    await browser.client.dev.signInAs.mutate({ userId: 'seed-client-01' });
    const before = await t.db.user.findUniqueOrThrow({ where: { id: 'seed-client-01' } });
    const nul = await browser.client.user.updateProfile
      .mutate({ displayName: 'Jordan\u0000', timezone: 'UTC', bio: 'Racing heart \uDC00' })
      .catch((e: unknown) => e);
    expect((nul as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({
      displayName: ['contains a NUL character'],
      bio: ['contains a lone surrogate (not valid Unicode)'],
    });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: 'seed-client-01' } })).toEqual(before);
    const overflow = await anonymousClient()
      .coach.get.query({ coachId: 'x', extra: 2 ** 40 } as { coachId: string })
      .catch((e: unknown) => e);
    expect((overflow as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({ extra: ['is out of range'] });
  });

  test('an unknown coach is NOT_FOUND', async () => {
    const error = await anonymousClient()
      .coach.get.query({ coachId: 'nobody' })
      .catch((e: unknown) => e);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('NOT_FOUND');
  });

  test('service tokens identify the agent and the worker; anything else is refused', async () => {
    expect(await createServiceClient({ url, token: tokens.agent }).health.whoami.query()).toEqual({
      service: 'agent',
    });
    expect(await createServiceClient({ url, token: tokens.worker }).health.whoami.query()).toEqual({
      service: 'worker',
    });
    const forged = await createServiceClient({
      url,
      token: 'agent-token-0123456789abcdef0123456788',
    })
      .health.whoami.query()
      .catch((e: unknown) => e);
    expect((forged as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
    const anonymous = await anonymousClient()
      .health.whoami.query()
      .catch((e: unknown) => e);
    expect((anonymous as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
  });
});

describe('the built SPA', () => {
  test('is sent precompressed; hashed assets are cached for a year, the pages are revalidated', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-spa-'));
    const html = '<!doctype html><title>HybridCoach</title><script src="/assets/main.js"></script>'.padEnd(2000, ' ');
    const landing = '<!doctype html><title>HybridCoach</title><script src="/assets/landing.js"></script>'.padEnd(
      2000,
      ' ',
    );
    const js = `console.log(${JSON.stringify('x'.repeat(5000))});`;
    await mkdir(path.join(dir, 'assets'));
    for (const [name, body] of [
      ['index.html', html],
      ['landing.html', landing],
    ] as const) {
      await writeFile(path.join(dir, name), body);
      await writeFile(path.join(dir, `${name}.br`), brotliCompressSync(body));
    }
    await writeFile(path.join(dir, 'assets/main-Ab12Cd34.js'), js);
    await writeFile(path.join(dir, 'assets/main-Ab12Cd34.js.br'), brotliCompressSync(js));
    await writeFile(path.join(dir, 'assets/main-Ab12Cd34.js.gz'), gzipSync(js));
    const spa = await startTestServer({ db: t.db, staticDir: dir });
    try {
      const asset = await fetch(`${spa.url}/assets/main-Ab12Cd34.js`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.headers.get('content-encoding')).toBe('br');
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('vary')).toBe('Accept-Encoding');
      expect(await asset.text()).toBe(js); // fetch decodes it
      const gzipOnly = await fetch(`${spa.url}/assets/main-Ab12Cd34.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzipOnly.headers.get('content-encoding')).toBe('gzip');

      // `/` without a session is the landing page on its own; with one (even a stale one), and on
      // every other path, the app.
      const cases = [
        { page: '/', cookie: null, body: landing },
        { page: '/?ref=newsletter', cookie: null, body: landing },
        { page: '/', cookie: 'hc_session=stale', body: html },
        { page: '/book/some-coach', cookie: null, body: html },
      ];
      for (const { page, cookie, body } of cases) {
        const headers: Record<string, string> = { accept: 'text/html', 'accept-encoding': 'br' };
        if (cookie) headers.cookie = cookie;
        const res = await fetch(`${spa.url}${page}`, { headers });
        expect(res.status, page).toBe(200);
        expect(res.headers.get('content-encoding'), page).toBe('br');
        expect(res.headers.get('cache-control'), page).toBe('no-cache');
        expect(res.headers.get('vary'), page).toBe('Accept-Encoding, Cookie');
        expect(await res.text(), `${page} ${cookie}`).toBe(body);
      }
    } finally {
      await spa.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
