import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { isAdmin, isMemberInGoodStanding } from '../skool/roles';
import { recordAudit } from './audit';
import { findMemberByEmail } from './members';
import { hashSessionToken } from './session-token';
import { displaySignInCode, SIGN_IN_CODE_ALPHABET, SIGN_IN_CODE_LENGTH } from './sign-in-code-format';
import { hitThrottle, type ThrottleRule } from './throttle';

export const CODE_LIFETIME_MS = 30 * 60 * 1000;
/** Per member (or unknown address) and requesting IP: nobody else can use up a member's codes. */
export const CODES_PER_DAY = 5;
/** However many ask, a member gets at most one sign-in email a minute. */
export const MAIL_INTERVAL_MS = 60_000;
export const IP_REQUEST_RULE: ThrottleRule = { limit: 20, windowMs: 15 * 60 * 1000 };
export const IP_REDEEM_RULE: ThrottleRule = { limit: 10, windowMs: 15 * 60 * 1000 };
/** Wrong codes per member; past it the member's short codes stop working (the link still does). */
export const GUESS_RULE: ThrottleRule = { limit: 5, windowMs: 30 * 60 * 1000 };

const SAME_ANSWER =
  'If that email belongs to a Skool member, a sign-in code and link are on their way (at most one email a minute). They work for 30 minutes.';

/** 8 characters of the unambiguous alphabet, uniformly (rejection sampling), from the CSPRNG. */
export function generateShortCode(): string {
  const n = SIGN_IN_CODE_ALPHABET.length;
  const unbiased = 256 - (256 % n);
  let code = '';
  while (code.length < SIGN_IN_CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < unbiased && code.length < SIGN_IN_CODE_LENGTH) code += SIGN_IN_CODE_ALPHABET[byte % n];
    }
  }
  return code;
}

/** The sign-in link's secret: 160 random bits, base32. */
export function generateLinkToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function signInLink(publicUrl: string, token: string): string {
  // In the fragment: browsers do not send it, so it stays out of access logs and link scanners
  // that only fetch the page cannot spend it (the page redeems it with a POST).
  return `${publicUrl}/sign-in/link#token=${token}`;
}

function utcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function throttleIp(deps: Deps<'db' | 'ip' | 'now'>, action: string, rule: ThrottleRule) {
  const result = await hitThrottle(deps.db, `${action}:ip:${deps.ip ?? 'unknown'}`, rule, deps.now());
  if (!result.allowed) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Too many attempts from your network. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`,
    );
  }
}

type IssueDeps = Deps<'db' | 'ip' | 'logger' | 'mailer' | 'now' | 'settings' | 'userAgent'>;

/**
 * Asks for a sign-in email. The answer, its limits and the work done before answering are the
 * same whether or not the email belongs to a member in good standing; the member-only work
 * (the code, its audit row, the email) runs after the answer, so its time does not tell.
 */
export async function requestSignInCode(deps: IssueDeps, email: string): Promise<{ message: string }> {
  await throttleIp(deps, 'code-request', IP_REQUEST_RULE);
  const now = deps.now();
  const member = await findMemberByEmail(deps.db, email);
  const eligible =
    member && (isMemberInGoodStanding(member, now) || isAdmin(member, deps.settings.adminEmails)) ? member : null;
  // Seed 000's RateLimit row per day, keyed by requester too: asking for someone else's codes
  // spends the asker's quota, not the member's.
  const key = `${eligible ? eligible.id : `email:${email}`}|ip:${deps.ip ?? 'unknown'}`;
  const limit = await deps.db.rateLimit.upsert({
    where: { skoolUserId_requestDate: { skoolUserId: key, requestDate: utcDay(now) } },
    update: { requestCount: { increment: 1 }, lastRequestAt: now },
    create: { skoolUserId: key, requestDate: utcDay(now), requestCount: 1, lastRequestAt: now },
  });
  if (limit.requestCount > CODES_PER_DAY) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `You can ask for at most ${CODES_PER_DAY} sign-in codes a day. Use the last code you received, or try again tomorrow.`,
    );
  }
  if (eligible) {
    setImmediate(() => {
      issueSignInCode(deps, { id: eligible.id, displayName: eligible.displayName }, email, now).catch((err: unknown) =>
        deps.logger.error({ err, userId: eligible.id }, 'could not issue the sign-in code'),
      );
    });
  }
  return { message: SAME_ANSWER };
}

/**
 * Makes a code and link and emails them, unless the member got one less than a minute ago. The
 * check and the insert hold the member's advisory lock, so concurrent requests send one email.
 */
async function issueSignInCode(
  deps: IssueDeps,
  member: { id: string; displayName: string },
  email: string,
  now: Date,
): Promise<void> {
  const code = generateShortCode();
  const token = generateLinkToken();
  const issued = await deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sign-in-code:${member.id}`}))`;
    const recent = await tx.authCode.findFirst({
      where: { skoolUserId: member.id, generatedAt: { gt: new Date(now.getTime() - MAIL_INTERVAL_MS) } },
      select: { id: true },
    });
    if (recent) return false;
    await tx.authCode.create({
      data: {
        codeHash: hashSessionToken(code),
        linkTokenHash: hashSessionToken(token),
        skoolUserId: member.id,
        skoolUsername: member.displayName,
        generatedAt: now,
        expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
      },
    });
    await recordAudit(tx, { action: 'auth.code_requested', userId: member.id, ip: deps.ip, userAgent: deps.userAgent });
    return true;
  });
  if (!issued) {
    deps.logger.info({ userId: member.id }, 'sign-in email not sent: the last one went out less than a minute ago');
    return;
  }
  await deps.mailer.send({
    to: email,
    subject: `Your HybridCoach sign-in code: ${displaySignInCode(code)}`,
    text: [
      `Hello ${member.displayName},`,
      '',
      'Your sign-in code is:',
      '',
      `    ${displaySignInCode(code)}`,
      '',
      'Or sign in with one click:',
      signInLink(deps.settings.publicUrl, token),
      '',
      'The code and the link work once, for 30 minutes. If you did not ask for them, ignore this email.',
      '',
      'HybridCoach',
    ].join('\n'),
  });
}

export interface ClaimedCode {
  authCodeId: string;
  userId: string;
  username: string;
}

type RedeemDeps = Deps<'db' | 'ip' | 'now' | 'userAgent'>;

/**
 * Spends an unexpired code row once: one conditional UPDATE, so of two concurrent redemptions
 * exactly one wins. Spending the code spends its link, and the other way round.
 */
async function claim(
  deps: RedeemDeps,
  which: { skoolUserId: string; codeHash: string } | { linkTokenHash: string },
  fingerprint: string | null,
): Promise<ClaimedCode | null> {
  const now = deps.now();
  const [row] = await deps.db.authCode.updateManyAndReturn({
    where: { ...which, isActive: true, usedAt: null, expiresAt: { gt: now } },
    data: {
      usedAt: now,
      isActive: false,
      usedIpAddress: deps.ip,
      userAgent: deps.userAgent,
      deviceFingerprint: fingerprint,
    },
    select: { id: true, skoolUserId: true, skoolUsername: true },
  });
  return row ? { authCodeId: row.id, userId: row.skoolUserId, username: row.skoolUsername } : null;
}

async function refused(deps: RedeemDeps, reason: string) {
  await recordAudit(deps.db, {
    action: 'auth.sign_in_refused',
    ip: deps.ip,
    userAgent: deps.userAgent,
    metadata: { reason },
  });
}

/**
 * Redeems a short code typed with the email it was sent to. Wrong codes are counted per member
 * (per address for unknown ones, so the answers match): past GUESS_RULE in its window, every open
 * short code of the member is retired, whoever guesses.
 */
export async function redeemSignInCode(
  deps: RedeemDeps,
  input: { email: string; code: string },
  fingerprint: string | null,
): Promise<ClaimedCode> {
  await throttleIp(deps, 'code-redeem', IP_REDEEM_RULE);
  const member = await findMemberByEmail(deps.db, input.email);
  const claimed = await claim(
    deps,
    // An unknown email runs the same query, matching nothing.
    { skoolUserId: member?.id ?? '', codeHash: hashSessionToken(input.code) },
    fingerprint,
  );
  if (claimed) return claimed;
  const guesses = await hitThrottle(
    deps.db,
    `code-guess:${member ? member.id : `email:${input.email}`}`,
    GUESS_RULE,
    deps.now(),
  );
  if (!guesses.allowed) {
    if (member) {
      await deps.db.authCode.updateMany({
        where: { skoolUserId: member.id, usedAt: null, codeHash: { not: null } },
        data: { codeHash: null },
      });
    }
    await refused(deps, 'too_many_wrong_codes');
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      'Too many wrong codes for this email, so the codes we sent no longer work. Use the sign-in link in the email, or ask for a new code.',
    );
  }
  await refused(deps, 'invalid_code');
  throw new DomainError(
    'BAD_REQUEST',
    'That code does not work for this email: it may be mistyped, already used, or older than 30 minutes.',
  );
}

/** Redeems the one-click link of a sign-in email (its token is 160 bits: no guess counting). */
export async function redeemSignInLink(
  deps: RedeemDeps,
  token: string,
  fingerprint: string | null,
): Promise<ClaimedCode> {
  await throttleIp(deps, 'code-redeem', IP_REDEEM_RULE);
  const claimed = await claim(deps, { linkTokenHash: hashSessionToken(token) }, fingerprint);
  if (claimed) return claimed;
  await refused(deps, 'invalid_link');
  throw new DomainError(
    'BAD_REQUEST',
    'This sign-in link does not work any more: it was already used, or it is older than 30 minutes. Ask for a new code.',
  );
}
