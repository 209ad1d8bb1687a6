import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { isAdmin, isMemberInGoodStanding } from '../skool/roles';
import { recordAudit } from './audit';
import { findMemberByEmail } from './members';
import { hitThrottle } from './throttle';

export const CODE_LIFETIME_MS = 30 * 60 * 1000;
export const CODES_PER_DAY = 5;
export const IP_REQUEST_RULE = { limit: 20, windowMs: 15 * 60 * 1000 };
export const IP_REDEEM_RULE = { limit: 10, windowMs: 15 * 60 * 1000 };

const SAME_ANSWER =
  'If that email belongs to a Skool member, a sign-in code is on its way. It is valid for 30 minutes.';

/** `vgs-{timestamp}-{random}`: 128 random bits from the CSPRNG. */
export function generateSignInCode(now: Date): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `vgs-${now.getTime()}-${encodeBase32LowerCaseNoPadding(bytes)}`;
}

function utcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function throttleIp(deps: Deps<'db' | 'ip' | 'now'>, action: string, rule: { limit: number; windowMs: number }) {
  const result = await hitThrottle(deps.db, `${action}:ip:${deps.ip ?? 'unknown'}`, rule, deps.now());
  if (!result.allowed) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Too many attempts from your network. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`,
    );
  }
}

/**
 * Issues a sign-in code to a Skool member who is active or in grace, and emails it. The answer
 * is the same whether or not the email is known; so is the daily limit (counted per member, or
 * per address for unknown ones), so that neither tells who is a member.
 */
export async function requestSignInCode(
  deps: Deps<'db' | 'ip' | 'logger' | 'mailer' | 'now' | 'settings' | 'userAgent'>,
  email: string,
): Promise<{ message: string }> {
  await throttleIp(deps, 'code-request', IP_REQUEST_RULE);
  const now = deps.now();
  const member = await findMemberByEmail(deps.db, email);
  const eligible = member && (isMemberInGoodStanding(member, now) || isAdmin(member, deps.settings.adminEmails));
  const limitKey = eligible ? member.id : `email:${email}`;
  // Seed 000's RateLimit upsert: one row per member per day.
  const limit = await deps.db.rateLimit.upsert({
    where: { skoolUserId_requestDate: { skoolUserId: limitKey, requestDate: utcDay(now) } },
    update: { requestCount: { increment: 1 }, lastRequestAt: now },
    create: { skoolUserId: limitKey, requestDate: utcDay(now), requestCount: 1, lastRequestAt: now },
  });
  if (limit.requestCount > CODES_PER_DAY) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `You can ask for at most ${CODES_PER_DAY} sign-in codes a day. Use the last code you received, or try again tomorrow.`,
    );
  }
  if (!eligible) return { message: SAME_ANSWER };

  const code = generateSignInCode(now);
  await deps.db.authCode.create({
    data: {
      code,
      skoolUserId: member.id,
      skoolUsername: member.displayName,
      generatedAt: now,
      expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
    },
  });
  await recordAudit(deps.db, {
    action: 'auth.code_requested',
    userId: member.id,
    ip: deps.ip,
    userAgent: deps.userAgent,
  });
  // Not awaited: a slow mail server must not make known emails answer slower than unknown ones.
  deps.mailer
    .send({
      to: email,
      subject: 'Your HybridCoach sign-in code',
      text: `Hello ${member.displayName},\n\nYour sign-in code is:\n\n${code}\n\nIt is valid for 30 minutes and can be used once. If you did not ask for it, ignore this email.\n\nHybridCoach`,
    })
    .catch((err: unknown) => deps.logger.error({ err, userId: member.id }, 'could not send the sign-in code'));
  return { message: SAME_ANSWER };
}

/**
 * Redeems a code once: the claim is one conditional UPDATE, so of two concurrent redemptions
 * exactly one wins. Returns the member's user id.
 */
export async function claimSignInCode(
  deps: Deps<'db' | 'ip' | 'now' | 'userAgent'>,
  code: string,
  fingerprint: string | null,
): Promise<{ userId: string; username: string; code: string }> {
  await throttleIp(deps, 'code-redeem', IP_REDEEM_RULE);
  const now = deps.now();
  const { count } = await deps.db.authCode.updateMany({
    where: { code, isActive: true, usedAt: null, expiresAt: { gt: now } },
    data: {
      usedAt: now,
      isActive: false,
      usedIpAddress: deps.ip,
      userAgent: deps.userAgent,
      deviceFingerprint: fingerprint,
    },
  });
  if (count !== 1) {
    await recordAudit(deps.db, {
      action: 'auth.sign_in_refused',
      ip: deps.ip,
      userAgent: deps.userAgent,
      metadata: { reason: 'invalid_code' },
    });
    throw new DomainError(
      'BAD_REQUEST',
      'That code is not valid: it may be mistyped, already used, or older than 30 minutes.',
    );
  }
  const claimed = await deps.db.authCode.findUniqueOrThrow({
    where: { code },
    select: { skoolUserId: true, skoolUsername: true },
  });
  return { userId: claimed.skoolUserId, username: claimed.skoolUsername, code };
}
