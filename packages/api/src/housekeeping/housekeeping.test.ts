import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, loadEnv } from '@hybridcoach/config';
import type { AppointmentStatus } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, test } from 'vitest';
import { createContext } from '../core/context';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';
import { TINY_PNG } from '../skool/test-support/skool-stand-in';
import { readArchivedSession } from './session-archive';

const t = useTestDatabase();
const logger = createLogger('housekeeping-test', 'silent');
const mailbox = new DevMailbox(logger);
const settings = { ...settingsFromEnv(loadEnv({})), photoDir: mkdtempSync(path.join(os.tmpdir(), 'hc-photos-')) };
const NOW = new Date('2030-07-15T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const callerAs = (principal: Principal, now: Date) =>
  createCaller(
    createContext({ db: t.db, logger, requestId: 'test', settings, mailer: mailbox, principal, now: () => now }),
  );

/** The worker's caller at a chosen instant. */
const worker = (now = NOW) => callerAs({ kind: 'service', service: 'worker' }, now).housekeeping;

let n = 0;
async function appointment(
  scheduledFor: Date,
  options: { status?: AppointmentStatus; createdAt?: Date; durationMin?: number } = {},
) {
  n++;
  const coach = await t.db.user.create({
    data: {
      email: `coach${n}@example.com`,
      displayName: `Coach ${n}`,
      role: 'coach',
      timezone: 'Europe/Berlin',
      locale: 'en-GB',
    },
  });
  const client = await t.db.user.create({ data: { email: `client${n}@example.com`, displayName: `Client ${n}` } });
  const durationMin = options.durationMin ?? 30;
  const row = await t.db.appointment.create({
    data: {
      coachId: coach.id,
      clientId: client.id,
      scheduledFor,
      durationMin,
      endsAt: new Date(scheduledFor.getTime() + durationMin * MIN),
      roomId: `session-${randomUUID()}`,
      status: options.status ?? 'scheduled',
      createdAt: options.createdAt ?? new Date(scheduledFor.getTime() - 7 * DAY),
    },
  });
  return { appointment: row, coach, client, n };
}

beforeEach(() => {
  mailbox.list().length = 0;
});

describe('housekeeping procedures', () => {
  test('are for the worker only', async () => {
    const asUser = callerAs({ kind: 'user', userId: 'u', role: 'admin', userSessionId: 's' }, NOW);
    const err = await asUser.housekeeping.pruneAuthCodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('FORBIDDEN');
  });

  test('deletes expired and signed-out user sessions, keeps live ones', async () => {
    const user = await t.db.user.create({ data: { email: 'sessions@example.com', displayName: 'S' } });
    const session = (sessionId: string, expiresAt: Date, isActive = true) =>
      t.db.userSession.create({ data: { sessionId, userId: user.id, expiresAt, isActive } });
    await session('expired', new Date(NOW.getTime() - MIN));
    await session('revoked', new Date(NOW.getTime() + DAY), false);
    await session('live', new Date(NOW.getTime() + DAY));
    expect(await worker().pruneUserSessions()).toEqual({ deleted: 2 });
    expect((await t.db.userSession.findMany({ where: { userId: user.id } })).map((s) => s.sessionId)).toEqual(['live']);
    expect(await worker().pruneUserSessions()).toEqual({ deleted: 0 });
  });

  test('deletes used and expired sign-in codes; a session started with one lives on', async () => {
    const user = await t.db.user.create({ data: { email: 'codes@example.com', displayName: 'C' } });
    const code = (c: string, expiresAt: Date, usedAt: Date | null = null) =>
      t.db.authCode.create({ data: { codeHash: c, skoolUserId: user.id, skoolUsername: 'C', expiresAt, usedAt } });
    const used = await code('hash-used', new Date(NOW.getTime() + 10 * MIN), NOW);
    await code('hash-expired', new Date(NOW.getTime() - MIN));
    await code('hash-fresh', new Date(NOW.getTime() + 10 * MIN));
    await t.db.userSession.create({
      data: {
        sessionId: 'from-code',
        userId: user.id,
        expiresAt: new Date(NOW.getTime() + DAY),
        authCodeId: used.id,
      },
    });
    expect(await worker().pruneAuthCodes()).toEqual({ deleted: 2 });
    expect((await t.db.authCode.findMany({ where: { skoolUserId: user.id } })).map((c) => c.codeHash)).toEqual([
      'hash-fresh',
    ]);
    expect(await t.db.userSession.findUniqueOrThrow({ where: { sessionId: 'from-code' } })).toMatchObject({
      authCodeId: null,
    });
  });

  test('deletes rate-limit windows that are over, and old Skool bookkeeping', async () => {
    const day = (offset: number) => new Date(Date.UTC(2030, 6, 15 + offset));
    for (const offset of [0, -1, -2, -10]) {
      await t.db.rateLimit.create({ data: { skoolUserId: 'member', requestDate: day(offset), requestCount: 1 } });
    }
    await t.db.requestThrottle.create({ data: { key: 'ip:1', windowStart: new Date(NOW.getTime() - 10 * MIN) } });
    await t.db.requestThrottle.create({ data: { key: 'ip:1', windowStart: new Date(NOW.getTime() - 2 * DAY) } });
    await t.db.skoolWebhookEvent.create({
      data: {
        id: 'old',
        community: 'ultra',
        type: 'member.joined',
        email: 'x@example.com',
        occurredAt: NOW,
        outcome: 'applied',
        receivedAt: new Date(NOW.getTime() - 8 * DAY),
      },
    });
    await t.db.skoolWebhookEvent.create({
      data: {
        id: 'recent',
        community: 'ultra',
        type: 'member.joined',
        email: 'x@example.com',
        occurredAt: NOW,
        outcome: 'applied',
        receivedAt: NOW,
      },
    });
    expect(await worker().pruneRateLimits()).toEqual({
      rateLimits: 2,
      requestThrottles: 1,
      webhookEvents: 1,
      previews: 0,
      syncRequests: 0,
    });
    expect((await t.db.rateLimit.findMany({ orderBy: { requestDate: 'asc' } })).map((r) => r.requestDate)).toEqual([
      day(-1),
      day(0),
    ]);
    // The recent id still refuses a replay.
    expect(await t.db.skoolWebhookEvent.findMany({ select: { id: true } })).toEqual([{ id: 'recent' }]);
  });
});

describe('session archive', () => {
  test('moves ended sessions older than six months, in batches, keeping every row readable', async () => {
    const start = new Date(NOW.getTime() - 200 * DAY);
    const ended = new Date(start.getTime() + 30 * MIN);
    const old = await t.given.completedSession({
      startsAt: start,
      endedAt: ended,
      transcript: 'Client: hello\nCoach: hi',
      aiSummary: 'They said hello.',
    });
    const older = await t.given.completedSession({ startsAt: new Date(start.getTime() - DAY) });
    const recent = await t.given.completedSession({ startsAt: new Date(NOW.getTime() - 30 * DAY) });
    const topic = await t.db.sessionTopic.create({ data: { name: `sleep-${randomUUID()}` } });
    await t.db.message.createMany({
      data: [
        {
          sessionId: old.session.id,
          userId: old.client.id,
          sender: 'client',
          content: 'hello',
          kind: 'chat',
          createdAt: start,
        },
        {
          sessionId: old.session.id,
          sender: 'ai',
          content: 'Coach: hi',
          kind: 'transcript',
          seq: 1,
          idempotencyKey: 'seg-1',
          spokenAt: new Date(start.getTime() + MIN),
          confidence: 0.93,
          createdAt: new Date(start.getTime() + MIN),
        },
      ],
    });
    await t.db.sessionRating.create({
      data: { sessionId: old.session.id, rating: 5, comment: 'great', tipAmount: 3 },
    });
    await t.db.sessionTopicMapping.create({ data: { sessionId: old.session.id, topicId: topic.id } });
    const payment = await t.db.payment.create({
      data: {
        userId: old.client.id,
        coachId: old.coach.id,
        sessionId: old.session.id,
        amount: 3,
        type: 'tip',
        status: 'completed',
      },
    });
    const messagesBefore = await t.db.message.findMany({
      where: { sessionId: old.session.id },
      orderBy: { createdAt: 'asc' },
    });

    const result = await worker().archiveSessions({ batchSize: 1 });
    expect(result).toMatchObject({ archived: 2, batches: 2 });
    expect(await t.db.session.count({ where: { id: { in: [old.session.id, older.session.id] } } })).toBe(0);
    expect(await t.db.message.count({ where: { sessionId: old.session.id } })).toBe(0);
    expect(await t.db.session.findUnique({ where: { id: recent.session.id } })).not.toBeNull();
    // Payments are kept, unlinked by design; the archive remembers the link.
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ sessionId: null });
    // Presence belongs to the appointment and stays where it was.
    expect(await t.db.sessionParticipant.count({ where: { appointmentId: old.appointment.id } })).toBe(2);

    const archived = await readArchivedSession(t.db, old.session.id);
    expect(archived).toMatchObject({
      id: old.session.id,
      appointmentId: old.appointment.id,
      startedAt: start,
      endedAt: ended,
      transcript: 'Client: hello\nCoach: hi',
      aiSummary: 'They said hello.',
      rating: { rating: 5, comment: 'great', tipAmount: 3 },
      topics: [{ id: topic.id, name: topic.name }],
      paymentIds: [payment.id],
    });
    expect(archived?.messages).toEqual(
      messagesBefore.map(({ sessionId: _sessionId, ...m }) => ({ ...m, sender: m.sender, kind: m.kind })),
    );
    expect(await readArchivedSession(t.db, older.session.id)).toMatchObject({ messages: [], rating: null, topics: [] });

    expect(await worker().archiveSessions({})).toMatchObject({ archived: 0, batches: 0 });
  });
});

describe('appointment reminders', () => {
  test('reminds both people 24 h and 1 h before, once each', async () => {
    const soon = await appointment(new Date(NOW.getTime() + 23 * HOUR));
    const lastMinute = await appointment(new Date(NOW.getTime() + 50 * MIN), {
      createdAt: new Date(NOW.getTime() - 5 * MIN),
    });
    await appointment(new Date(NOW.getTime() + 20 * HOUR), { status: 'cancelled' });
    await appointment(new Date(NOW.getTime() + 3 * DAY));

    expect(await worker().sendReminders()).toEqual({ sent24h: 1, sent1h: 0 });
    expect(await worker(new Date(NOW.getTime() + 5 * MIN)).sendReminders()).toEqual({ sent24h: 0, sent1h: 0 });
    const notes = await t.db.notification.findMany({ where: { actionUrl: `/appointments/${soon.appointment.id}` } });
    expect(notes.map((x) => [x.userId, x.type]).sort()).toEqual(
      [
        [soon.client.id, 'appointment_reminder_24h'],
        [soon.coach.id, 'appointment_reminder_24h'],
      ].sort(),
    );
    // Each reads the time in their own zone and locale: the coach in Berlin (CEST in July) in
    // British English, the client in UTC and the default English (US).
    expect(notes.find((x) => x.userId === soon.coach.id)?.message).toBe(
      `Your session with Client ${soon.n} starts in 24 hours: Tue 16 Jul · 13:00–13:30 CEST.`,
    );
    expect(notes.find((x) => x.userId === soon.client.id)?.message).toBe(
      `Your session with Coach ${soon.n} starts in 24 hours: Tue, Jul 16 · 11:00 – 11:30 AM UTC.`,
    );
    expect(
      mailbox
        .list()
        .map((m) => m.to)
        .sort(),
    ).toEqual([soon.client.email, soon.coach.email].sort());

    const hourBefore = new Date(soon.appointment.scheduledFor.getTime() - 59 * MIN);
    expect(await worker(hourBefore).sendReminders()).toEqual({ sent24h: 0, sent1h: 1 });
    expect(await worker(hourBefore).sendReminders()).toEqual({ sent24h: 0, sent1h: 0 });
    // Booked 55 minutes before it starts (inside the 1 h window): no reminder of that kind.
    expect(await t.db.appointment.findUniqueOrThrow({ where: { id: lastMinute.appointment.id } })).toMatchObject({
      reminder1hSentAt: null,
      reminder24hSentAt: null,
    });
  });

  test('someone who wants reminders in the app only gets the notification and no email', async () => {
    const soon = await appointment(new Date(NOW.getTime() + 23 * HOUR));
    const asClient = callerAs({ kind: 'user', userId: soon.client.id, role: 'client', userSessionId: 's' }, NOW);
    await asClient.notification.updatePreferences({ email: { reminders: false } });
    const before = mailbox.list().length;
    expect(await worker().sendReminders()).toEqual({ sent24h: 1, sent1h: 0 });
    expect(await t.db.notification.count({ where: { userId: soon.client.id, type: 'appointment_reminder_24h' } })).toBe(
      1,
    );
    expect(
      mailbox
        .list()
        .slice(0, mailbox.list().length - before)
        .map((m) => m.to),
    ).toEqual([soon.coach.email]);
    expect(mailbox.list()[0]?.text).toContain('/settings#notifications');
  });
});

describe('session sweeper and daily metrics', () => {
  test('the sweeper completes a session left active well after its end', async () => {
    const stuck = await appointment(new Date(NOW.getTime() - 2 * HOUR), { status: 'active' });
    expect(await worker().sweepSessions()).toMatchObject({ completed: 1 });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: stuck.appointment.id } })).status).toBe(
      'completed',
    );
  });

  test('rolls one UTC day up into PlatformMetric rows, the same rows when run again', async () => {
    const dayStart = new Date('2030-03-03T00:00:00Z');
    const done = await t.given.completedSession({ startsAt: new Date('2030-03-03T10:00:00Z'), durationMin: 20 });
    await t.db.sessionRating.create({
      data: { sessionId: done.session.id, rating: 4, createdAt: new Date('2030-03-03T10:21:00Z') },
    });
    // Nobody came to this one: a no-show that day (its people are not active users).
    await t.given.appointment({ startsAt: new Date('2030-03-03T15:00:00Z'), status: 'no_show' });
    const reader = await t.db.user.create({ data: { email: 'reader@example.com', displayName: 'Reader' } });
    await t.db.userSession.create({
      data: {
        sessionId: 'reader',
        userId: reader.id,
        createdAt: new Date('2030-03-01T08:00:00Z'),
        lastActive: new Date('2030-03-03T20:00:00Z'),
        expiresAt: new Date('2030-04-01T00:00:00Z'),
      },
    });

    const next = new Date(dayStart.getTime() + DAY + HOUR);
    const rollup = await worker(next).rollupDailyMetrics();
    expect(rollup).toEqual({
      date: '2030-03-03',
      values: { active_users: 3, sessions_completed: 1, avg_rating: 4, minutes_in_session: 40, no_shows: 1 },
    });
    await worker(next).rollupDailyMetrics({ day: dayStart });
    const rows = await t.db.platformMetric.findMany({ where: { date: dayStart }, orderBy: { metric: 'asc' } });
    expect(rows.map((r) => [r.metric, r.value])).toEqual([
      ['active_users', 3],
      ['avg_rating', 4],
      ['minutes_in_session', 40],
      ['no_shows', 1],
      ['sessions_completed', 1],
    ]);
    expect(rows.find((r) => r.metric === 'avg_rating')?.metadata).toMatchObject({ ratings: 1 });
  });
});

describe('unused photos', () => {
  // A real 1×1 PNG (photo-store decodes and re-encodes it); every upload gets its own name.
  const png = () => TINY_PNG.toString('base64');
  const fileOf = (publicPath: string | null) => path.join(settings.photoDir, path.basename(publicPath ?? ''));

  test('a replaced upload is deleted once it is an hour old; photos in use and other files stay', async () => {
    const member = await t.db.user.create({ data: { email: 'photo@example.com', displayName: 'Photo' } });
    const skoolSynced = await t.db.user.create({ data: { email: 'skool@example.com', displayName: 'Skool' } });
    const now = new Date();
    const asMember = callerAs({ kind: 'user', userId: member.id, role: 'client', userSessionId: 's' }, now).user;
    const first = await asMember.uploadPhoto({ dataBase64: png() });
    const second = await asMember.uploadPhoto({ dataBase64: png() });
    const kept = await callerAs(
      { kind: 'user', userId: skoolSynced.id, role: 'client', userSessionId: 's' },
      now,
    ).user.uploadPhoto({ dataBase64: png() });
    // The Skool record still points at the file although the profile no longer does.
    await t.db.user.update({ where: { id: skoolSynced.id }, data: { profilePhotoPath: null } });
    await t.db.skoolPhotoSync.create({
      data: {
        userId: skoolSynced.id,
        sourceUrl: 'https://skool.example/p.png',
        storedPath: kept.profilePhotoPath,
        nextAttemptAt: now,
      },
    });
    const stranger = path.join(settings.photoDir, 'notes.txt');
    await writeFile(stranger, 'not ours');
    const old = new Date(now.getTime() - 2 * HOUR);
    for (const file of [first, second, kept].map((p) => fileOf(p.profilePhotoPath)).concat(stranger))
      await utimes(file, old, old);

    // Just replaced and still young: kept, because its row may not be written yet.
    const young = await asMember.uploadPhoto({ dataBase64: png() });
    expect(await worker(now).removeUnusedPhotos()).toEqual({ removed: 2, kept: 2 });
    expect(existsSync(fileOf(first.profilePhotoPath))).toBe(false);
    expect(existsSync(fileOf(second.profilePhotoPath))).toBe(false);
    expect(existsSync(fileOf(young.profilePhotoPath))).toBe(true);
    expect(existsSync(fileOf(kept.profilePhotoPath))).toBe(true);
    expect(existsSync(stranger)).toBe(true);
    expect(await worker(now).removeUnusedPhotos()).toEqual({ removed: 0, kept: 2 });
  });
});
