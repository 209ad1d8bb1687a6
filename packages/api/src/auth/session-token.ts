import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

export const SESSION_COOKIE = 'hc_session';

/** When a sign-in ends: `idleMs` after its last use, and in any case `absoluteMs` after it began. */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** The instant a session ends if it is not used again after `lastActive`. */
export function sessionEnd(policy: SessionPolicy, createdAt: Date, lastActive: Date): Date {
  return new Date(Math.min(lastActive.getTime() + policy.idleMs, createdAt.getTime() + policy.absoluteMs));
}

/** 160 random bits, base32: the value of the cookie. Never stored. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database keeps (UserSession.sessionId): SHA-256 of the token, hex. */
export function hashSessionToken(token: string): string {
  // Node's native SHA-256: this runs on every request (the JS one took tens of microseconds).
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A stable, non-identifying hash of the browser, to show "this device" in the session list. */
export function deviceFingerprint(userAgent: string | null, acceptLanguage: string | null): string {
  return hashSessionToken(`${userAgent ?? ''}|${acceptLanguage ?? ''}`).slice(0, 32);
}
