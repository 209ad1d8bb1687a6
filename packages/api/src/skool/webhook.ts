import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@hybridcoach/db';
import { type AppliedMemberEvent, applyMemberEvent, type MemberEvent, memberEventSchema } from './member-event';
import type { SkoolObservation, SkoolSource } from './sources';
import type { SkoolSyncSettings } from './sync-settings';

export const SIGNATURE_HEADER = 'x-skool-signature';
export const TIMESTAMP_HEADER = 'x-skool-timestamp';

/**
 * `sha256=` + hex HMAC-SHA256 of `${timestamp}.${rawBody}`. The timestamp is inside the MAC so
 * that an old delivery cannot be replayed with a fresh timestamp once its event id is forgotten.
 */
export function signSkoolWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export type WebhookRefusal =
  | { status: 401; error: 'missing signature' | 'invalid signature' | 'stale timestamp' }
  | { status: 400; error: string };

export class WebhookRefused extends Error {
  override readonly name = 'WebhookRefused';
  constructor(readonly refusal: WebhookRefusal) {
    super(refusal.error);
  }
}

export interface WebhookDelivery {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/** Checks signature and freshness, then the body's shape; throws `WebhookRefused` otherwise. */
export function verifySkoolWebhook(
  delivery: WebhookDelivery,
  options: { secret: string; toleranceSeconds: number; now: Date },
): MemberEvent {
  const { signature, timestamp, rawBody } = delivery;
  if (!signature || !timestamp) throw new WebhookRefused({ status: 401, error: 'missing signature' });
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || !Number.isSafeInteger(seconds)) {
    throw new WebhookRefused({ status: 401, error: 'invalid signature' });
  }
  const expected = Buffer.from(signSkoolWebhook(options.secret, seconds, rawBody));
  const given = Buffer.from(signature.trim());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new WebhookRefused({ status: 401, error: 'invalid signature' });
  }
  // Checked after the MAC, so that a forger learns nothing about our clock.
  if (Math.abs(options.now.getTime() / 1000 - seconds) > options.toleranceSeconds) {
    throw new WebhookRefused({ status: 401, error: 'stale timestamp' });
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookRefused({ status: 400, error: 'the body is not JSON' });
  }
  const parsed = memberEventSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new WebhookRefused({
      status: 400,
      error: `invalid event: ${first ? `${first.path.join('.') || '(body)'}: ${first.message}` : 'unknown shape'}`,
    });
  }
  return parsed.data;
}

/** The webhook as a `SkoolSource`: one delivery, verified, yields one event. */
export function webhookSource(
  delivery: WebhookDelivery,
  options: { secret: string; toleranceSeconds: number; now: Date },
): SkoolSource {
  return {
    name: 'webhook',
    async read(): Promise<SkoolObservation[]> {
      const event = verifySkoolWebhook(delivery, options);
      return [{ kind: 'event', event, source: 'webhook', origin: event.id }];
    },
  };
}

export interface WebhookConfig {
  secret: string;
  toleranceSeconds: number;
  settings: SkoolSyncSettings;
  adminEmails: ReadonlySet<string>;
}

export type WebhookAnswer =
  | { status: 200; body: { outcome: AppliedMemberEvent['outcome']; eventId: string } }
  | { status: 400 | 401 | 409; body: { error: string } };

/**
 * Everything POST /webhooks/skool does, minus HTTP: a forged, stale or malformed delivery is
 * refused (401/400) and a replayed event id is refused (409), each without changing anything.
 */
export async function receiveSkoolWebhook(
  db: Db,
  delivery: WebhookDelivery,
  config: WebhookConfig,
  now: Date,
): Promise<WebhookAnswer> {
  let event: MemberEvent;
  try {
    const [observation] = await webhookSource(delivery, { ...config, now }).read();
    if (observation?.kind !== 'event') throw new WebhookRefused({ status: 400, error: 'no event' });
    event = observation.event;
  } catch (err) {
    if (err instanceof WebhookRefused) return { status: err.refusal.status, body: { error: err.refusal.error } };
    throw err;
  }
  const applied = await applyMemberEvent(db, event, {
    settings: config.settings,
    adminEmails: config.adminEmails,
    now,
  });
  if (applied.outcome === 'replayed') return { status: 409, body: { error: 'replayed event' } };
  return { status: 200, body: { outcome: applied.outcome, eventId: event.id } };
}
