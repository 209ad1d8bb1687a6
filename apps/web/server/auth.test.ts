import { createHash } from 'node:crypto';
import type { AppRouter } from '@hybridcoach/api';
import { createServiceClient } from '@hybridcoach/api/client';
import { emptyContext, emptyIntake, sealContext, sealIntake } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TRPCClientError } from '@trpc/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, mailedSignIn, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
const agentToken = 'agent-token-0123456789abcdef0123456789';
let server: TestServer;
const servers: TestServer[] = [];
const DAY = 86_400_000;

/** A server whose clock is `days` ahead, so per-IP throttle windows do not leak between tests. */
async function serverAt(days: number, settings: Parameters<typeof startTestServer>[0]['settings'] = {}) {
  const s = await startTestServer({
    db: t.db,
    settings,
    serviceTokens: { agent: agentToken },
    now: () => new Date(Date.now() + days * DAY),
  });
  servers.push(s);
  return s;
}

async function member(
  email: string,
  facts: {
    ultra?: 'active' | 'cancelled';
    vagus?: 'active' | 'cancelled';
    endsInDays?: number;
    role?: 'client' | 'coach';
  } = { vagus: 'active' },
) {
  return t.db.user.create({
    data: {
      email,
      displayName: email.split('@')[0] ?? email,
      role: facts.role ?? 'client',
      ultraSubscriptionStatus: facts.ultra ?? null,
      vagusSubscriptionStatus: facts.vagus ?? null,
      skoolVagusEmail: facts.vagus ? email : null,
      skoolUltraEmail: facts.ultra ? email : null,
      membershipEndDate: facts.endsInDays === undefined ? null : new Date(Date.now() + facts.endsInDays * DAY),
    },
  });
}

async function signedIn(s: TestServer, email: string) {
  const browser = createBrowserClient(s.url);
  // A member gets one sign-in email a minute: let that minute pass for earlier ones.
  await t.db.$executeRaw`UPDATE "AuthCode" SET "generatedAt" = "generatedAt" - interval '2 minutes'`;
  const after = s.mailbox.list()[0]?.id ?? 0;
  await browser.client.auth.requestCode.mutate({ email });
  const { code } = await mailedSignIn(s.mailbox, email, { after });
  await browser.client.auth.redeemCode.mutate({ email, code });
  return browser;
}

const codeOf = (err: unknown) => (err as TRPCClientError<AppRouter>).data?.code;

beforeAll(async () => {
  server = await serverAt(0);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('Skool code sign-in', () => {
  test('answers the same for a known and an unknown email, and mails only the member a short code and a link', async () => {
    const user = await member('known@vagus.example');
    const { client } = createBrowserClient(server.url);
    const known = await client.auth.requestCode.mutate({ email: ' Known@Vagus.example ' });
    const unknown = await client.auth.requestCode.mutate({ email: 'stranger@example.com' });
    expect(known).toEqual(unknown);
    const { code, linkToken } = await mailedSignIn(server.mailbox, 'known@vagus.example');
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$/);
    expect(server.mailbox.list().map((m) => m.to)).toEqual(['known@vagus.example']);
    // Stored only as hashes, like session tokens.
    const row = await t.db.authCode.findFirstOrThrow({ where: { skoolUserId: user.id } });
    expect(row.codeHash).toBe(createHash('sha256').update(code.replace('-', '')).digest('hex'));
    expect(row.linkTokenHash).toBe(createHash('sha256').update(linkToken).digest('hex'));
  });

  test('a lapsed member (past the grace period) gets no code; one in grace does', async () => {
    await member('lapsed@vagus.example', { vagus: 'cancelled', endsInDays: -1 });
    await member('grace@vagus.example', { vagus: 'cancelled', endsInDays: 3 });
    const { client } = createBrowserClient(server.url);
    await client.auth.requestCode.mutate({ email: 'lapsed@vagus.example' });
    await client.auth.requestCode.mutate({ email: 'grace@vagus.example' });
    await mailedSignIn(server.mailbox, 'grace@vagus.example');
    const to = server.mailbox.list().map((m) => m.to);
    expect(to).toContain('grace@vagus.example');
    expect(to).not.toContain('lapsed@vagus.example');
  });

  test('redeeming starts a session with a hardened cookie and records the redemption', async () => {
    const user = await member('cookie@vagus.example');
    const browser = await signedIn(server, 'cookie@vagus.example');
    const cookie = browser.setCookies.find((c) => c.startsWith('hc_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // development over http
    const expires = new Date(cookie?.match(/Expires=([^;]+)/i)?.[1] ?? 0).getTime();
    // A new sign-in lasts the idle timeout (14 days) unless it is used.
    expect(Math.abs(expires - (Date.now() + 14 * DAY))).toBeLessThan(60_000);
    expect((await browser.client.auth.me.query())?.id).toBe(user.id);

    const token = browser.jar.get('hc_session') ?? '';
    const stored = await t.db.userSession.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.sessionId).not.toBe(token);
    expect(stored.sessionId).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored).toMatchObject({ isActive: true, userAgent: 'hybridcoach-test-browser' });
    expect(stored.ipAddress).toBe('127.0.0.1');
    const code = await t.db.authCode.findFirstOrThrow({ where: { skoolUserId: user.id } });
    expect(code).toMatchObject({ isActive: false, usedIpAddress: '127.0.0.1', userAgent: 'hybridcoach-test-browser' });
    expect(code.usedAt).toBeInstanceOf(Date);
    expect(code.deviceFingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.authCodeId).toBe(code.id);
    expect(await t.db.auditLog.count({ where: { userId: user.id, action: 'auth.sign_in' } })).toBe(1);
  });

  test('the cookie is Secure in production', async () => {
    const prod = await serverAt(1, { production: true, devTools: false });
    await member('secure@vagus.example');
    const browser = await signedIn(prod, 'secure@vagus.example');
    expect(browser.setCookies.find((c) => c.startsWith('hc_session='))).toMatch(/Secure/i);
  });

  test("the SPA learns the server's options without signing in: sign-in methods and how early rooms open", async () => {
    const s = await serverAt(0, { session: { joinEarlyMinutes: 15, warningMinutes: [5, 1], noShowGraceMinutes: 15 } });
    expect(await createBrowserClient(s.url).client.auth.options.query()).toMatchObject({
      google: false,
      joinEarlyMinutes: 15,
      cancelCutoffHours: 12,
    });
  });

  test('a code works once: reuse is refused, and so is the link of the same email', async () => {
    await member('once@vagus.example');
    const s = await serverAt(2);
    const browser = await signedIn(s, 'once@vagus.example');
    const { code, linkToken } = await mailedSignIn(s.mailbox, 'once@vagus.example');
    const again = await createBrowserClient(s.url)
      .client.auth.redeemCode.mutate({ email: 'once@vagus.example', code })
      .catch((e: unknown) => e);
    expect(codeOf(again)).toBe('BAD_REQUEST');
    expect((again as Error).message).toMatch(/already used/);
    const link = await createBrowserClient(s.url)
      .client.auth.redeemLink.mutate({ token: linkToken })
      .catch((e: unknown) => e);
    expect(codeOf(link)).toBe('BAD_REQUEST');
    expect(await browser.client.auth.me.query()).not.toBeNull();
  });

  test('the link in the email signs in with one request and sets the cookie', async () => {
    const user = await member('link@vagus.example');
    const s = await serverAt(2.5);
    await createBrowserClient(s.url).client.auth.requestCode.mutate({ email: 'link@vagus.example' });
    const { linkToken } = await mailedSignIn(s.mailbox, 'link@vagus.example');
    const browser = createBrowserClient(s.url);
    expect(await browser.client.auth.redeemLink.mutate({ token: linkToken })).toMatchObject({ userId: user.id });
    expect((await browser.client.auth.me.query())?.id).toBe(user.id);
  });

  test('of two concurrent redemptions of one code, exactly one wins', async () => {
    await member('race@vagus.example');
    const s = await serverAt(3);
    await createBrowserClient(s.url).client.auth.requestCode.mutate({ email: 'race@vagus.example' });
    const { code } = await mailedSignIn(s.mailbox, 'race@vagus.example');
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() =>
        createBrowserClient(s.url).client.auth.redeemCode.mutate({ email: 'race@vagus.example', code }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => codeOf((r as PromiseRejectedResult).reason)),
    ).toEqual(['BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST']);
    expect(await t.db.userSession.count({ where: { user: { email: 'race@vagus.example' } } })).toBe(1);
  });

  test('an expired code is refused', async () => {
    const user = await member('late@vagus.example');
    await t.db.authCode.create({
      data: {
        codeHash: createHash('sha256').update('ABCDEFGH').digest('hex'),
        skoolUserId: user.id,
        skoolUsername: 'late',
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    const s = await serverAt(4);
    const err = await createBrowserClient(s.url)
      .client.auth.redeemCode.mutate({ email: 'late@vagus.example', code: 'abcd-efgh' })
      .catch((e: unknown) => e);
    expect(codeOf(err)).toBe('BAD_REQUEST');
  });

  test('the sixth code of a day from one address is refused with a clear error, for unknown emails too', async () => {
    await member('greedy@vagus.example');
    const s = await serverAt(5);
    const { client } = createBrowserClient(s.url);
    for (const email of ['greedy@vagus.example', 'nobody-greedy@example.com']) {
      for (let i = 0; i < 5; i++) await client.auth.requestCode.mutate({ email });
      const sixth = await client.auth.requestCode.mutate({ email }).catch((e: unknown) => e);
      expect(codeOf(sixth)).toBe('TOO_MANY_REQUESTS');
      expect((sixth as Error).message).toBe(
        'You can ask for at most 5 sign-in codes a day. Use the last code you received, or try again tomorrow.',
      );
    }
    const id = (await t.db.user.findUniqueOrThrow({ where: { email: 'greedy@vagus.example' } })).id;
    const limit = await t.db.rateLimit.findFirstOrThrow({ where: { skoolUserId: `${id}|ip:127.0.0.1` } });
    expect(limit.requestCount).toBe(6);
    // Asked six times within a minute: one email.
    await mailedSignIn(s.mailbox, 'greedy@vagus.example');
    expect(s.mailbox.list().filter((m) => m.to === 'greedy@vagus.example')).toHaveLength(1);
  });

  test('guessing codes is throttled per IP, even when the right code finally comes', async () => {
    await member('victim@vagus.example');
    const s = await serverAt(6);
    const { client } = createBrowserClient(s.url);
    await client.auth.requestCode.mutate({ email: 'victim@vagus.example' });
    const { code } = await mailedSignIn(s.mailbox, 'victim@vagus.example');
    // Ten wrong guesses for ten addresses: the per-member limit never comes into it.
    for (let i = 0; i < 10; i++) {
      const wrong = await client.auth.redeemCode
        .mutate({ email: `guess${i}@example.com`, code: 'ABCD-EFGH' })
        .catch((e: unknown) => e);
      expect(codeOf(wrong)).toBe('BAD_REQUEST');
    }
    const right = await client.auth.redeemCode.mutate({ email: 'victim@vagus.example', code }).catch((e: unknown) => e);
    expect(codeOf(right)).toBe('TOO_MANY_REQUESTS');
  });

  test('a malformed code or email is a BAD_REQUEST naming the field', async () => {
    const { client } = createBrowserClient(server.url);
    const err = await client.auth.redeemCode
      .mutate({ email: 'a@vagus.example', code: 'let-me-in' })
      .catch((e: unknown) => e);
    expect((err as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({
      code: ['has a character sign-in codes never use (they have no 0, O, 1, I, L or U)'],
    });
    const short = await client.auth.redeemCode
      .mutate({ email: 'a@vagus.example', code: 'ABCD-EFG' })
      .catch((e: unknown) => e);
    expect((short as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({
      code: ['has 8 characters, like ABCD-EFGH'],
    });
    const bad = await client.auth.requestCode.mutate({ email: 'nope' }).catch((e: unknown) => e);
    expect((bad as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({ email: ['is not an email address'] });
  });
});

describe('sessions', () => {
  test('a cross-origin mutation is refused (and one without an Origin)', async () => {
    await member('csrf@vagus.example');
    const s = await serverAt(7);
    const browser = await signedIn(s, 'csrf@vagus.example');
    const cookie = browser.jar.get('hc_session') ?? '';
    for (const origin of ['https://evil.example', null]) {
      const attacker = createBrowserClient(s.url, { origin });
      attacker.jar.set('hc_session', cookie);
      const err = await attacker.client.auth.signOut.mutate().catch((e: unknown) => e);
      expect(codeOf(err)).toBe('FORBIDDEN');
    }
    expect(await browser.client.auth.me.query()).not.toBeNull();
  });

  test('tampered, revoked and expired tokens are refused', async () => {
    await member('tokens@vagus.example');
    const s = await serverAt(8);
    const first = await signedIn(s, 'tokens@vagus.example');
    const token = first.jar.get('hc_session') ?? '';

    const tampered = createBrowserClient(s.url);
    tampered.jar.set('hc_session', `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`);
    expect(codeOf(await tampered.client.user.profile.query().catch((e: unknown) => e))).toBe('UNAUTHORIZED');
    expect(await tampered.client.auth.me.query()).toBeNull();

    const second = await signedIn(s, 'tokens@vagus.example');
    const sessions = await second.client.auth.sessions.query();
    expect(sessions).toHaveLength(2);
    const firstId = sessions.find((x) => !x.current)?.id ?? '';
    await second.client.auth.revokeSession.mutate({ sessionId: firstId });
    expect(codeOf(await first.client.user.profile.query().catch((e: unknown) => e))).toBe('UNAUTHORIZED');

    const secondHash = createHash('sha256')
      .update(second.jar.get('hc_session') ?? '')
      .digest('hex');
    await t.db.userSession.update({
      where: { sessionId: secondHash },
      data: { expiresAt: new Date(Date.now() + 8 * DAY - 1000) },
    });
    expect(codeOf(await second.client.user.profile.query().catch((e: unknown) => e))).toBe('UNAUTHORIZED');
  });

  test('a session in use moves its expiry and re-sends its cookie, up to its absolute lifetime; sign-out ends it', async () => {
    await member('sliding@vagus.example');
    const browser = await signedIn(server, 'sliding@vagus.example');
    const hash = createHash('sha256')
      .update(browser.jar.get('hc_session') ?? '')
      .digest('hex');
    // Last used two hours ago: using it again moves the idle expiry to 14 days from now.
    await t.db.userSession.update({
      where: { sessionId: hash },
      data: { lastActive: new Date(Date.now() - 2 * 3_600_000), expiresAt: new Date(Date.now() + 13 * DAY) },
    });
    browser.setCookies.length = 0;
    await browser.client.user.profile.query();
    const renewed = await t.db.userSession.findUniqueOrThrow({ where: { sessionId: hash } });
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * DAY - 60_000);
    expect(browser.setCookies.some((c) => c.startsWith('hc_session='))).toBe(true);

    // Begun 29 days ago and used every day: it ends on day 30 all the same.
    await t.db.userSession.update({
      where: { sessionId: hash },
      data: { createdAt: new Date(Date.now() - 29 * DAY), lastActive: new Date(Date.now() - 2 * 3_600_000) },
    });
    await browser.client.user.profile.query();
    const capped = await t.db.userSession.findUniqueOrThrow({ where: { sessionId: hash } });
    expect(Math.abs(capped.expiresAt.getTime() - (Date.now() + DAY))).toBeLessThan(60_000);

    await browser.client.auth.signOut.mutate();
    expect(await browser.client.auth.me.query()).toBeNull();
    expect((await t.db.userSession.findUniqueOrThrow({ where: { sessionId: hash } })).isActive).toBe(false);
    expect(await t.db.auditLog.count({ where: { action: 'auth.sign_out' } })).toBeGreaterThan(0);
  });

  test('a session left idle past the idle timeout, or older than its absolute lifetime, is over', async () => {
    await member('idle@vagus.example');
    const idle = await signedIn(server, 'idle@vagus.example');
    const old = await signedIn(server, 'idle@vagus.example');
    const hashOf = (b: typeof idle) =>
      createHash('sha256')
        .update(b.jar.get('hc_session') ?? '')
        .digest('hex');
    // 29 days idle: it used to be valid (every use renewed it to 30 days).
    await t.db.userSession.update({
      where: { sessionId: hashOf(idle) },
      data: { lastActive: new Date(Date.now() - 29 * DAY), expiresAt: new Date(Date.now() + DAY) },
    });
    expect(codeOf(await idle.client.user.profile.query().catch((e: unknown) => e))).toBe('UNAUTHORIZED');
    await t.db.userSession.update({
      where: { sessionId: hashOf(old) },
      data: { createdAt: new Date(Date.now() - 31 * DAY), expiresAt: new Date(Date.now() + DAY) },
    });
    expect(codeOf(await old.client.user.profile.query().catch((e: unknown) => e))).toBe('UNAUTHORIZED');
  });

  test('"sign out everywhere else" ends every other browser and keeps this one', async () => {
    await member('everywhere@vagus.example');
    const here = await signedIn(server, 'everywhere@vagus.example');
    const phone = await signedIn(server, 'everywhere@vagus.example');
    const laptop = await signedIn(server, 'everywhere@vagus.example');
    expect(await here.client.auth.revokeOtherSessions.mutate()).toEqual({ revoked: 2 });
    expect((await here.client.auth.me.query())?.email).toBe('everywhere@vagus.example');
    expect(await phone.client.auth.me.query()).toBeNull();
    expect(await laptop.client.auth.me.query()).toBeNull();
  });

  test("a user cannot revoke someone else's session", async () => {
    await member('mine@vagus.example');
    await member('theirs@vagus.example');
    const s = await serverAt(9);
    const mine = await signedIn(s, 'mine@vagus.example');
    const theirs = await signedIn(s, 'theirs@vagus.example');
    const theirId = (await theirs.client.auth.sessions.query())[0]?.id ?? '';
    expect(codeOf(await mine.client.auth.revokeSession.mutate({ sessionId: theirId }).catch((e: unknown) => e))).toBe(
      'NOT_FOUND',
    );
    expect(await theirs.client.auth.me.query()).not.toBeNull();
  });
});

describe('roles', () => {
  test('sign-in recomputes the role from memberships and audits the change; ADMIN_EMAILS makes admins', async () => {
    const coach = await member('promoted@ultra.example', { ultra: 'active', role: 'client' });
    await member('admin@hybridcoach.dev', { vagus: 'active' });
    const s = await serverAt(10);
    const promoted = await signedIn(s, 'promoted@ultra.example');
    expect((await promoted.client.auth.me.query())?.role).toBe('coach');
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { userId: coach.id, action: 'role.changed' } });
    expect(audit.metadata).toEqual({ from: 'client', to: 'coach' });
    const admin = await signedIn(s, 'admin@hybridcoach.dev');
    expect((await admin.client.auth.me.query())?.role).toBe('admin');
  });
});

describe('authorization', () => {
  test("a client cannot read or change another client's context; their coach and admins can", async () => {
    const alice = await member('alice@vagus.example');
    const bob = await member('bob@vagus.example');
    const coach = await member('coach-ctx@ultra.example', { ultra: 'active', role: 'coach' });
    const stranger = await member('stranger-coach@ultra.example', { ultra: 'active', role: 'coach' });
    await t.db.profile.create({
      data: {
        userId: bob.id,
        sealedContext: sealContext(t.keys, bob.id, { ...emptyContext, clientFacts: ['likes tea'] }),
        sealedIntake: sealIntake(t.keys, bob.id, { ...emptyIntake, coachingGoals: 'sleep better' }),
      },
    });
    const startsAt = new Date(Date.now() + 40 * DAY);
    await t.db.appointment.create({
      data: {
        coachId: coach.id,
        clientId: bob.id,
        scheduledFor: startsAt,
        durationMin: 30,
        endsAt: new Date(startsAt.getTime() + 1_800_000),
        roomId: 'session-ctx',
        bookedById: bob.id,
      },
    });
    // Bob booked this coach: that is the relationship that lets the coach see his context.
    await t.db.coachClientRelationship.create({
      data: { coachId: coach.id, clientId: bob.id, origin: 'client_booking' },
    });
    const s = await serverAt(11);
    const update = { clientId: bob.id, clientFacts: ['hacked'], challenges: [], preferences: null, contextNotes: null };

    const asAlice = await signedIn(s, 'alice@vagus.example');
    expect(codeOf(await asAlice.client.user.clientContext.query({ clientId: bob.id }).catch((e: unknown) => e))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await asAlice.client.user.updateClientContext.mutate(update).catch((e: unknown) => e))).toBe(
      'FORBIDDEN',
    );
    expect((await asAlice.client.user.profile.query()).id).toBe(alice.id); // own profile only: no id to ask for another

    const asStranger = await signedIn(s, 'stranger-coach@ultra.example');
    expect(
      codeOf(await asStranger.client.user.clientContext.query({ clientId: bob.id }).catch((e: unknown) => e)),
    ).toBe('FORBIDDEN');
    expect(stranger.id).toBeTruthy();

    const asCoach = await signedIn(s, 'coach-ctx@ultra.example');
    const updated = await asCoach.client.user.updateClientContext.mutate({
      ...update,
      clientFacts: ['likes tea', 'walks daily'],
      contextNotes: 'progressing',
    });
    expect(updated.clientFacts).toEqual(['likes tea', 'walks daily']);
    expect((await asCoach.client.user.myClients.query()).map((c) => c.id)).toEqual([bob.id]);

    const asBob = await signedIn(s, 'bob@vagus.example');
    expect((await asBob.client.user.clientContext.query({ clientId: bob.id })).contextNotes).toBe('progressing');
    expect(codeOf(await asBob.client.user.updateClientContext.mutate(update).catch((e: unknown) => e))).toBe(
      'FORBIDDEN',
    );
  });

  test('a service token cannot call user procedures, and a user cannot call service procedures', async () => {
    const carol = await member('carol@vagus.example');
    const coach = await member('carol-coach@ultra.example', { ultra: 'active', role: 'coach' });
    await t.db.profile.create({
      data: {
        userId: carol.id,
        sealedContext: sealContext(t.keys, carol.id, {
          ...emptyContext,
          clientFacts: ['night shifts'],
          challenges: ['sleep'],
        }),
        sealedIntake: sealIntake(t.keys, carol.id, { ...emptyIntake, coachingGoals: 'rest' }),
        lastSummary: 'Talked about sleep.',
      },
    });
    const startsAt = new Date(Date.now() - 60_000);
    const appt = await t.db.appointment.create({
      data: {
        coachId: coach.id,
        clientId: carol.id,
        scheduledFor: startsAt,
        durationMin: 30,
        endsAt: new Date(startsAt.getTime() + 1_800_000),
        roomId: 'session-svc',
        status: 'active',
      },
    });
    await t.db.agentAssignment.create({ data: { appointmentId: appt.id, roomId: appt.roomId } });
    const agent = createServiceClient({ url: server.url, token: agentToken });
    expect(codeOf(await agent.user.profile.query().catch((e: unknown) => e))).toBe('FORBIDDEN');
    // The agent token alone opens no room: only the claim holding it now reads its client's context.
    const notHeld = { appointmentId: appt.id, agentId: 'svc-agent', epoch: 1 };
    expect(codeOf(await agent.agent.clientContext.query(notHeld).catch((e: unknown) => e))).toBe('FORBIDDEN');
    const [claim] = (await agent.agent.claim.mutate({ agentId: 'svc-agent', max: 100, leaseMs: 30_000 })).filter(
      (c) => c.appointmentId === appt.id,
    );
    const held = { appointmentId: appt.id, agentId: 'svc-agent', epoch: claim?.epoch ?? 0 };
    const context = await agent.agent.clientContext.query(held);
    expect(context.prompt).toContain('Client facts: night shifts');
    expect(context.prompt).toContain('Last session summary: Talked about sleep.');
    // Another agent, or an earlier claim of this one, reads nothing.
    for (const other of [
      { ...held, agentId: 'svc-other' },
      { ...held, epoch: held.epoch + 1 },
    ])
      expect(codeOf(await agent.agent.clientContext.query(other).catch((e: unknown) => e))).toBe('FORBIDDEN');
    // Nor does the holder once the session is over.
    await t.db.appointment.update({ where: { id: appt.id }, data: { status: 'completed' } });
    expect(codeOf(await agent.agent.clientContext.query(held).catch((e: unknown) => e))).toBe('FORBIDDEN');
    expect(codeOf(await agent.agent.sessionText.query(held).catch((e: unknown) => e))).toBe('FORBIDDEN');

    const s = await serverAt(12);
    const asCarol = await signedIn(s, 'carol@vagus.example');
    expect(codeOf(await asCarol.client.agent.clientContext.query(held).catch((e: unknown) => e))).toBe('FORBIDDEN');
  });
});

describe('dev sign-in', () => {
  test('exists in development and is absent when NODE_ENV=production', async () => {
    const dev = createBrowserClient(server.url).client;
    expect((await dev.dev.users.query()).length).toBeGreaterThan(0);
    const prod = await serverAt(13, { production: true, devTools: false });
    const client = createBrowserClient(prod.url).client;
    const user = await member('devonly@vagus.example');
    for (const call of [
      client.dev.users.query(),
      client.dev.mailbox.query(),
      client.dev.signInAs.mutate({ userId: user.id }),
    ]) {
      expect(codeOf(await call.catch((e: unknown) => e))).toBe('NOT_FOUND');
    }
  });

  test('signs in as anyone in development', async () => {
    const user = await member('devuser@vagus.example');
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId: user.id });
    expect((await browser.client.auth.me.query())?.email).toBe('devuser@vagus.example');
  });

  test('who am I costs one SQL statement: the session validation reads what the page needs', async () => {
    const user = await member('onestatement@vagus.example');
    const browser = createBrowserClient(server.url);
    await browser.client.dev.signInAs.mutate({ userId: user.id });
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    // Every statement of this process passes here (Prisma's pg adapter included).
    pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
      sent.push(String((args[0] as { text?: string })?.text ?? args[0]));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      const me = await browser.client.auth.me.query();
      expect(me).toMatchObject({ id: user.id, role: 'client', needsOnboarding: true });
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('"UserSession"');
  });
});

describe('onboarding and profile', () => {
  test('onboarding validates the mood and the zone, then saves the zone and lets the client in', async () => {
    const user = await member('onboard@vagus.example');
    expect(user.timezone).toBe('UTC');
    const s = await serverAt(14);
    const browser = await signedIn(s, 'onboard@vagus.example');
    expect((await browser.client.auth.me.query())?.needsOnboarding).toBe(true);
    const bad = await browser.client.user.completeOnboarding
      .mutate({ coachingGoals: 'calm', symptoms: '', initialMood: 6, timezone: 'Mars/Olympus' })
      .catch((e: unknown) => e);
    expect((bad as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({
      initialMood: ['must be 1–5'],
      timezone: ['is not a known IANA timezone (like Europe/London)'],
    });
    expect((await t.db.profile.findUnique({ where: { userId: user.id } }))?.onboardingCompleted).not.toBe(true);
    await browser.client.user.completeOnboarding.mutate({
      coachingGoals: 'Calmer mornings',
      symptoms: 'tight chest',
      initialMood: 2,
      timezone: 'Europe/Berlin',
    });
    expect(await browser.client.auth.me.query()).toMatchObject({ needsOnboarding: false, timezone: 'Europe/Berlin' });
  });

  test("a member confirms this device's zone in one call; an unknown zone is refused", async () => {
    await member('zone@vagus.example');
    const s = await serverAt(14.5);
    const { client } = await signedIn(s, 'zone@vagus.example');
    expect(await client.user.setTimezone.mutate({ timezone: 'Asia/Tokyo' })).toEqual({ timezone: 'Asia/Tokyo' });
    expect((await client.auth.me.query())?.timezone).toBe('Asia/Tokyo');
    const bad = await client.user.setTimezone.mutate({ timezone: 'Nowhere' }).catch((e: unknown) => e);
    expect(codeOf(bad)).toBe('BAD_REQUEST');
    expect((await client.auth.me.query())?.timezone).toBe('Asia/Tokyo');
  });

  test('the profile refuses an unknown timezone and a photo that is not an image; a PNG is stored and served', async () => {
    await member('profile@vagus.example');
    const s = await serverAt(15);
    const browser = await signedIn(s, 'profile@vagus.example');
    const { client } = browser;
    const bad = await client.user.updateProfile
      .mutate({ displayName: 'P', timezone: 'Mars/Olympus', bio: null })
      .catch((e: unknown) => e);
    expect((bad as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({
      timezone: ['is not a known IANA timezone (like Europe/London)'],
    });
    const updated = await client.user.updateProfile.mutate({
      displayName: 'Pat',
      timezone: 'Europe/London',
      bio: 'Hello',
    });
    expect(updated).toMatchObject({ displayName: 'Pat', timezone: 'Europe/London', bio: 'Hello' });

    const notImage = await client.user.uploadPhoto
      .mutate({ dataBase64: Buffer.from('<svg onload=alert(1)>').toString('base64') })
      .catch((e: unknown) => e);
    expect(codeOf(notImage)).toBe('BAD_REQUEST');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const { profilePhotoPath } = await client.user.uploadPhoto.mutate({ dataBase64: png.toString('base64') });
    // A client's photo is theirs to see (re-encoded as WebP), not anyone's.
    const served = await fetch(`${s.url}${profilePhotoPath}`, {
      headers: { cookie: `hc_session=${browser.jar.get('hc_session') ?? ''}` },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect((await fetch(`${s.url}${profilePhotoPath}`)).status).toBe(404);
  });
});
