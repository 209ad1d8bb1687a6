import { createHash } from 'node:crypto';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { TRPCError } from '@trpc/server';
import { describe, expect, test } from 'vitest';
import { createContext } from '../core/context';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';
import { generateShortCode } from './sign-in-code';

const t = useTestDatabase();
const logger = createLogger('sign-in-code-test', 'silent');
const settings = settingsFromEnv(loadEnv({}));
const MIN = 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** One world per test: its own mailbox and clock, callers from any IP. */
function world(start = new Date('2031-05-05T08:00:00Z')) {
  const mailbox = new DevMailbox(logger);
  let now = start;
  const from = (ip: string) =>
    createCaller(createContext({ db: t.db, logger, requestId: 't', settings, mailer: mailbox, ip, now: () => now }))
      .auth;
  /** Mail goes out after the answer: wait for the n-th email to `email`. */
  async function mails(email: string, count: number) {
    for (let i = 0; i < 300; i++) {
      const found = mailbox.list().filter((m) => m.to === email);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`expected ${count} emails to ${email}, got ${mailbox.list().filter((m) => m.to === email).length}`);
  }
  const codeIn = (text: string) =>
    text
      .match(/\b([2-9A-Z]{4})-([2-9A-Z]{4})\b/)
      ?.slice(1)
      .join('') ?? '';
  const tokenIn = (text: string) => text.match(/#token=([a-z2-7]{32})/)?.[1] ?? '';
  return {
    mailbox,
    from,
    mails,
    codeIn,
    tokenIn,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const member = (email = `m-${Math.random().toString(36).slice(2, 8)}@vagus.example`) =>
  t.given.client({ email, skoolVagusEmail: email, vagusSubscriptionStatus: 'active' });

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => (e instanceof TRPCError ? { code: e.code, message: e.message } : { code: String(e), message: '' }),
  );

describe('short sign-in codes', () => {
  test('are 8 characters of the unambiguous alphabet, spread over all of it', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const code = generateShortCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
      for (const c of code) seen.add(c);
    }
    expect(seen.size).toBe(30);
  });

  test('the email carries a code and a link; only their hashes are stored', async () => {
    const w = world();
    const m = await member();
    await w.from('10.0.0.1').requestCode({ email: m.email });
    const [mail] = await w.mails(m.email, 1);
    const code = w.codeIn(mail?.text ?? '');
    const token = w.tokenIn(mail?.text ?? '');
    expect(mail?.text).toContain(`${settings.publicUrl}/sign-in/link#token=${token}`);
    const row = await t.db.authCode.findFirstOrThrow({ where: { skoolUserId: m.id } });
    expect(row.codeHash).toBe(sha256(code));
    expect(row.linkTokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  test('typed in any case, with spaces or a hyphen, with the email it went to', async () => {
    const w = world();
    const m = await member();
    await w.from('10.0.0.2').requestCode({ email: m.email });
    const code = w.codeIn((await w.mails(m.email, 1))[0]?.text ?? '');
    const typed = `${code.slice(0, 4).toLowerCase()} - ${code.slice(4)}`;
    const other = await member();
    // The right code with another member's email does not sign anyone in.
    expect((await failure(w.from('10.0.0.2').redeemCode({ email: other.email, code: typed }))).code).toBe(
      'BAD_REQUEST',
    );
    const claimed = await w.from('10.0.0.2').redeemCode({ email: m.email.toUpperCase(), code: typed });
    expect(claimed.userId).toBe(m.id);
    const session = await t.db.userSession.findFirstOrThrow({ where: { userId: m.id } });
    const row = await t.db.authCode.findFirstOrThrow({ where: { skoolUserId: m.id } });
    expect(session.authCodeId).toBe(row.id);
  });

  test('the code and the link are one sign-in: using either spends both', async () => {
    const w = world();
    const m = await member();
    await w.from('10.0.0.3').requestCode({ email: m.email });
    const text = (await w.mails(m.email, 1))[0]?.text ?? '';
    expect((await w.from('10.0.0.3').redeemLink({ token: w.tokenIn(text) })).userId).toBe(m.id);
    expect(await failure(w.from('10.0.0.3').redeemLink({ token: w.tokenIn(text) }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/already used/),
    });
    expect((await failure(w.from('10.0.0.3').redeemCode({ email: m.email, code: w.codeIn(text) }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  test('expire after 30 minutes, code and link alike', async () => {
    const w = world();
    const m = await member();
    await w.from('10.0.0.4').requestCode({ email: m.email });
    const text = (await w.mails(m.email, 1))[0]?.text ?? '';
    w.advance(30 * MIN + 1000);
    expect((await failure(w.from('10.0.0.4').redeemCode({ email: m.email, code: w.codeIn(text) }))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await failure(w.from('10.0.0.4').redeemLink({ token: w.tokenIn(text) }))).code).toBe('BAD_REQUEST');
  });
});

describe('guessing', () => {
  test("five wrong codes per member, from any address, then the member's codes die but the link still works", async () => {
    const w = world();
    const m = await member();
    await w.from('10.0.1.1').requestCode({ email: m.email });
    const text = (await w.mails(m.email, 1))[0]?.text ?? '';
    const right = w.codeIn(text);
    const wrong = (i: number) => (right === `ABCDEFG${'HJKMNP'[i]}` ? 'ZZZZZZZZ' : `ABCDEFG${'HJKMNP'[i]}`);
    // Each guess from its own address: the per-IP throttle never comes into it.
    for (let i = 0; i < 5; i++) {
      expect((await failure(w.from(`10.9.0.${i}`).redeemCode({ email: m.email, code: wrong(i) }))).code).toBe(
        'BAD_REQUEST',
      );
    }
    expect(await failure(w.from('10.9.0.9').redeemCode({ email: m.email, code: wrong(5) }))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/Use the sign-in link in the email, or ask for a new code/),
    });
    // The right code comes too late: it was retired with the rest.
    expect((await failure(w.from('10.0.1.1').redeemCode({ email: m.email, code: right }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect(await t.db.authCode.count({ where: { skoolUserId: m.id, codeHash: { not: null } } })).toBe(0);
    expect((await w.from('10.0.1.1').redeemLink({ token: w.tokenIn(text) })).userId).toBe(m.id);
  });

  test('an unknown email is answered the same way', async () => {
    const w = world();
    const email = 'nobody-guess@example.com';
    for (let i = 0; i < 5; i++) {
      expect((await failure(w.from(`10.8.0.${i}`).redeemCode({ email, code: 'ABCDEFGH' }))).code).toBe('BAD_REQUEST');
    }
    expect((await failure(w.from('10.8.0.9').redeemCode({ email, code: 'ABCDEFGH' }))).code).toBe('TOO_MANY_REQUESTS');
  });

  test('a new code after the guessing stopped works', async () => {
    const w = world();
    const m = await member();
    for (let i = 0; i < 6; i++) await failure(w.from(`10.7.0.${i}`).redeemCode({ email: m.email, code: 'ABCDEFGH' }));
    await w.from('10.0.2.1').requestCode({ email: m.email });
    const code = w.codeIn((await w.mails(m.email, 1))[0]?.text ?? '');
    expect((await w.from('10.0.2.1').redeemCode({ email: m.email, code })).userId).toBe(m.id);
  });
});

describe("a member's codes cannot be used up by someone else", () => {
  test('the daily quota counts per member and asking address', async () => {
    const w = world();
    const m = await member();
    const attacker = w.from('203.0.113.7');
    for (let i = 0; i < 5; i++) {
      await attacker.requestCode({ email: m.email });
      await w.mails(m.email, i + 1);
      w.advance(2 * MIN);
    }
    expect(await failure(attacker.requestCode({ email: m.email }))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'You can ask for at most 5 sign-in codes a day. Use the last code you received, or try again tomorrow.',
    });
    // The member, from home, still gets a code.
    await w.from('198.51.100.20').requestCode({ email: m.email });
    await w.mails(m.email, 6);
  });

  test('at most one email a minute, however many ask', async () => {
    const w = world();
    const m = await member();
    await Promise.all(['10.1.0.1', '10.1.0.2', '10.1.0.3'].map((ip) => w.from(ip).requestCode({ email: m.email })));
    await w.from('10.1.0.4').requestCode({ email: m.email });
    await w.mails(m.email, 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(w.mailbox.list().filter((mail) => mail.to === m.email)).toHaveLength(1);
    expect(await t.db.authCode.count({ where: { skoolUserId: m.id } })).toBe(1);
    w.advance(MIN + 1000);
    await w.from('10.1.0.4').requestCode({ email: m.email });
    await w.mails(m.email, 2);
  });
});
