import { type AppRouter, issueAdminSetupLink } from '@hybridcoach/api';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createBrowserClient, mailedSignIn, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
let server: TestServer;
const none = new Set<string>();

beforeAll(async () => {
  server = await startTestServer({ db: t.db, settings: { adminEmails: none, devTools: false } });
});
afterAll(() => server.close());
// Each test starts from a database nobody administers.
beforeEach(async () => {
  await t.db.adminSetupToken.deleteMany();
  await t.db.user.deleteMany();
});

const tokenOf = (url: string) => new URL(url).hash.replace('#token=', '');

async function link(now = new Date()) {
  const issued = await issueAdminSetupLink(t.db, { publicUrl: server.url, adminEmails: none, now });
  if (!issued) throw new Error('expected a setup link');
  return issued;
}

async function failure(promise: Promise<unknown>) {
  const err = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as TRPCClientError<AppRouter> | null;
  if (!err) throw new Error('expected the call to be refused');
  return { code: err.data?.code, message: err.message };
}

const setup = (token: string, email = 'owner@clinic.example') =>
  createBrowserClient(server.url).client.auth.setupAdmin.mutate({ token, email, displayName: 'Owner' });

describe('the setup link of a database without an admin', () => {
  test('is printed only when no admin is configured and none exists', async () => {
    expect(
      await issueAdminSetupLink(t.db, {
        publicUrl: server.url,
        adminEmails: new Set(['a@b.example']),
        now: new Date(),
      }),
    ).toBeNull();
    const issued = await link();
    expect(issued.url).toMatch(/\/setup#token=[a-z2-7]{32}$/);
    // Only a hash of the secret is stored.
    const stored = await t.db.adminSetupToken.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.secretHash).not.toContain(tokenOf(issued.url));
    expect(stored[0]?.secretHash).toMatch(/^[0-9a-f]{64}$/);

    await t.db.user.create({ data: { email: 'boss@clinic.example', displayName: 'Boss', role: 'admin' } });
    expect(await issueAdminSetupLink(t.db, { publicUrl: server.url, adminEmails: none, now: new Date() })).toBeNull();
  });

  test('makes exactly one admin, once, who is signed in and can sign in again later by code', async () => {
    const token = tokenOf((await link()).url);
    const browser = createBrowserClient(server.url);
    const made = await browser.client.auth.setupAdmin.mutate({
      token,
      email: 'Owner@Clinic.example',
      displayName: 'Owner',
    });
    expect(made.role).toBe('admin');
    expect(await browser.client.auth.me.query()).toMatchObject({ email: 'owner@clinic.example', role: 'admin' });

    expect(await failure(setup(token, 'other@clinic.example'))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('already used'),
    });
    expect(await t.db.user.count({ where: { role: 'admin' } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: 'admin.setup' } })).toBe(1);

    // Not a Skool member and not in ADMIN_EMAILS, yet a sign-in code works and the role holds.
    const later = createBrowserClient(server.url);
    await later.client.auth.requestCode.mutate({ email: 'owner@clinic.example' });
    const { code } = await mailedSignIn(server.mailbox, 'owner@clinic.example');
    expect((await later.client.auth.redeemCode.mutate({ email: 'owner@clinic.example', code })).role).toBe('admin');
  });

  test('is refused once expired, and every other link stops working once an admin exists', async () => {
    const expired = tokenOf((await link(new Date(Date.now() - 61 * 60_000))).url);
    expect(await failure(setup(expired))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('expired'),
    });

    const first = tokenOf((await link()).url);
    const second = tokenOf((await link()).url);
    await setup(first);
    expect(await failure(setup(second, 'intruder@elsewhere.example'))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('already has an admin'),
    });
    expect(await t.db.user.findMany({ select: { email: true, role: true } })).toEqual([
      { email: 'owner@clinic.example', role: 'admin' },
    ]);
  });

  test('two links used at the same moment make one admin', async () => {
    const [a, b] = [tokenOf((await link()).url), tokenOf((await link()).url)];
    const results = await Promise.allSettled([setup(a, 'a@clinic.example'), setup(b, 'b@clinic.example')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await t.db.user.count({ where: { role: 'admin' } })).toBe(1);
  });

  test('refuses a malformed token or email as bad input on the field', async () => {
    const err = await failure(setup('not-a-token', 'nope'));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/token/);
    expect(err.message).toMatch(/email/);
    expect(await failure(setup('a'.repeat(32)))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('not valid'),
    });
  });
});
