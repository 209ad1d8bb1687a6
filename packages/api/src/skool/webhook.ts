import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import { hostileInputProblems } from '../core/hostile-input';
import type { AppSettings } from '../core/settings';
import { type AppliedMemberEvent, applyMemberEvent, type MemberEvent, memberEventSchema } from './member-event';

export const SIGNATURE_HEADER = 'x-skool-signature';
export const TIMESTAMP_HEADER = 'x-skool-timestamp';

/**
 * `sha256=` + hex HMAC-SHA256 of `${timestamp}.${rawBody}`. The timestamp is inside the MAC so
 * that an old delivery cannot be replayed with a fresh timestamp once its event id is forgotten.
 */
export function signSkoolWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export interface WebhookDelivery {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/** Checks signature and freshness (else UNAUTHORIZED), then the body's shape (else BAD_REQUEST). */
export function verifySkoolWebhook(
  delivery: WebhookDelivery,
  options: { secret: string; toleranceSeconds: number; now: Date },
): MemberEvent {
  const { signature, timestamp, rawBody } = delivery;
  if (!signature || !timestamp) throw new DomainError('UNAUTHORIZED', 'missing signature');
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || !Number.isSafeInteger(seconds)) {
    throw new DomainError('UNAUTHORIZED', 'invalid signature');
  }
  const expected = Buffer.from(signSkoolWebhook(options.secret, seconds, rawBody));
  const given = Buffer.from(signature.trim());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new DomainError('UNAUTHORIZED', 'invalid signature');
  }
  // Checked after the MAC, so that a forger learns nothing about our clock.
  if (Math.abs(options.now.getTime() / 1000 - seconds) > options.toleranceSeconds) {
    throw new DomainError('UNAUTHORIZED', 'stale timestamp');
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new DomainError('BAD_REQUEST', 'the body is not JSON');
  }
  if (hostileInputProblems(json))
    throw new DomainError('BAD_REQUEST', 'invalid event: the body holds text or numbers no member has');
  const parsed = memberEventSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DomainError(
      'BAD_REQUEST',
      `invalid event: ${first ? `${first.path.join('.') || '(body)'}: ${first.message}` : 'unknown shape'}`,
    );
  }
  return parsed.data;
}

/**
 * Everything POST /webhooks/skool does, minus HTTP: a forged or stale delivery is refused
 * (UNAUTHORIZED), a malformed one too (BAD_REQUEST), and a replayed event id (CONFLICT), each
 * without changing anything.
 */
export async function receiveSkoolWebhook(
  db: Db,
  delivery: WebhookDelivery,
  settings: Pick<AppSettings, 'skool' | 'skoolWebhook' | 'adminEmails'>,
  now: Date,
): Promise<{ outcome: AppliedMemberEvent['outcome']; eventId: string }> {
  if (!settings.skoolWebhook) throw new DomainError('NOT_FOUND', 'Skool webhooks are not configured');
  const event = verifySkoolWebhook(delivery, { ...settings.skoolWebhook, now });
  const applied = await applyMemberEvent(db, event, {
    settings: settings.skool,
    adminEmails: settings.adminEmails,
    now,
  });
  if (applied.outcome === 'replayed') throw new DomainError('CONFLICT', 'replayed event');
  return { outcome: applied.outcome, eventId: event.id };
}
