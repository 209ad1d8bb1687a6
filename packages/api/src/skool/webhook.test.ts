import { useTestDatabase } from '@hybridcoach/db/testing';
import { beforeEach, describe, expect, test } from 'vitest';
import { applyMemberEvent, type MemberEvent } from './member-event';
import { testPolicy, userByEmail } from './test-support/members';
import { receiveSkoolWebhook, signSkoolWebhook, verifySkoolWebhook } from './webhook';

const t = useTestDatabase();
const secret = 'a-webhook-secret-of-at-least-32-characters';
const now = new Date('2030-01-10T12:00:00Z');
const seconds = Math.floor(now.getTime() / 1000);
const config = { skoolWebhook: { secret, toleranceSeconds: 300 }, skool: testPolicy, adminEmails: new Set<string>() };

function body(overrides: Record<string, unknown> = {}, member: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: 'evt-1',
    type: 'member.joined',
    community: 'ultra',
    occurredAt: '2030-01-10T11:59:00Z',
    member: { email: 'new@example.com', name: 'New Coach', ...member },
    ...overrides,
  });
}
const signed = (raw: string, at = seconds) => ({
  rawBody: raw,
  timestamp: String(at),
  signature: signSkoolWebhook(secret, at, raw),
});

beforeEach(async () => {
  await t.db.skoolWebhookEvent.deleteMany();
  await t.db.skoolMonitoringLog.deleteMany();
  await t.db.membershipStatusHistory.deleteMany();
  await t.db.user.deleteMany();
});

describe('verifySkoolWebhook', () => {
  const options = { secret, toleranceSeconds: 300, now };

  test('accepts a delivery signed with the secret and reads its event', () => {
    const event = verifySkoolWebhook(signed(body()), options);
    expect(event).toMatchObject({
      id: 'evt-1',
      community: 'ultra',
      member: { email: 'new@example.com', status: 'active' },
    });
  });

  test('refuses a wrong secret, a changed body, a moved timestamp, and no signature', () => {
    const raw = body();
    const forged = { ...signed(raw), signature: signSkoolWebhook('another-secret-another-secret-123', seconds, raw) };
    expect(() => verifySkoolWebhook(forged, options)).toThrow('invalid signature');
    expect(() => verifySkoolWebhook({ ...signed(raw), rawBody: raw.replace('new@', 'evil@') }, options)).toThrow(
      'invalid signature',
    );
    expect(() => verifySkoolWebhook({ ...signed(raw), timestamp: String(seconds + 1) }, options)).toThrow(
      'invalid signature',
    );
    expect(() => verifySkoolWebhook({ ...signed(raw), signature: undefined }, options)).toThrow('missing signature');
  });

  test('refuses a correctly signed delivery outside the tolerance', () => {
    expect(() => verifySkoolWebhook(signed(body(), seconds - 301), options)).toThrow('stale timestamp');
  });

  test('refuses a signed body that is not a member event', () => {
    expect(() => verifySkoolWebhook(signed(body({ type: 'member.updated' })), options)).toThrow('member.status');
    expect(() => verifySkoolWebhook(signed(body({}, { email: 'nope' })), options)).toThrow('member.email');
  });
});

describe('Skool webhook events on PostgreSQL', () => {
  test('a join creates the member; the same event id again is refused and changes nothing', async () => {
    expect(await receiveSkoolWebhook(t.db, signed(body()), config, now)).toEqual({
      outcome: 'applied',
      eventId: 'evt-1',
    });
    expect(await userByEmail(t.db, 'new@example.com')).toMatchObject({
      role: 'coach',
      ultraSubscriptionStatus: 'active',
    });
    const cancelled = body({ type: 'member.cancelled' });
    await expect(receiveSkoolWebhook(t.db, signed(cancelled), config, now)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'replayed event',
    });
    expect((await userByEmail(t.db, 'new@example.com')).ultraSubscriptionStatus).toBe('active');
  });

  test('a cancellation starts the grace period for that member only', async () => {
    const other = await t.db.user.create({
      data: {
        email: 'other@example.com',
        displayName: 'Other',
        role: 'coach',
        skoolUltraEmail: 'other@example.com',
        ultraSubscriptionStatus: 'active',
      },
    });
    await t.db.user.create({
      data: {
        email: 'me@example.com',
        displayName: 'Me',
        role: 'coach',
        skoolUltraEmail: 'me@example.com',
        ultraSubscriptionStatus: 'active',
      },
    });
    const event: MemberEvent = {
      id: 'evt-cancel',
      type: 'member.cancelled',
      community: 'ultra',
      occurredAt: now,
      member: {
        skoolUserId: null,
        email: 'me@example.com',
        name: 'Me',
        status: 'cancelled',
        joinedAt: null,
        profileUrl: null,
        photoUrl: null,
        bio: null,
      },
    };
    const applied = await applyMemberEvent(t.db, event, { settings: testPolicy, adminEmails: new Set(), now });
    expect(applied.outcome).toBe('applied');
    expect(await userByEmail(t.db, 'me@example.com')).toMatchObject({
      ultraSubscriptionStatus: 'cancelled',
      role: 'coach',
      membershipEndDate: new Date('2030-01-17T12:00:00Z'),
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: other.id } })).ultraSubscriptionStatus).toBe('active');
    const log = await t.db.skoolMonitoringLog.findUniqueOrThrow({ where: { id: applied.logId ?? -1 } });
    expect(log).toMatchObject({ source: 'webhook', membersFound: 1, cancelledMembers: 1, success: true });
  });

  test("an event older than the member's last full sync is stale and ignored", async () => {
    await t.db.user.create({
      data: { email: 'me@example.com', displayName: 'Me', vagusSubscriptionStatus: 'active', lastSkoolSync: now },
    });
    const raw = body(
      { id: 'evt-old', community: 'vagus', type: 'member.removed', occurredAt: '2030-01-10T11:00:00Z' },
      { email: 'me@example.com' },
    );
    const answer = await receiveSkoolWebhook(t.db, signed(raw), config, now);
    expect(answer).toEqual({ outcome: 'stale', eventId: 'evt-old' });
    expect((await userByEmail(t.db, 'me@example.com')).vagusSubscriptionStatus).toBe('active');
  });
});
