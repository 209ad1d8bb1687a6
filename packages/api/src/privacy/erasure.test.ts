import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, test } from 'vitest';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { archiveOldSessions } from '../housekeeping/session-archive';
import { callerAs, member } from '../test-support/caller';
import { ERASED_NAME } from './erasure-rules';

const t = useTestDatabase();
const base = settingsFromEnv(loadEnv({}));
const DAY = 86_400_000;
const settings = {
  ...base,
  privacy: {
    ...base.privacy,
    exportDir: mkdtempSync(path.join(os.tmpdir(), 'hc-erase-')),
    transcriptRetentionDays: 30,
  },
};

const as = (principal: Principal, now = () => new Date()) => callerAs(t, principal, { settings, now });
const user = (userId: string, role: 'client' | 'coach' | 'admin') => as(member(userId, role));
const worker = (now = () => new Date()) => as({ kind: 'service', service: 'worker' }, now);
const afterCoolingOff = () => new Date(Date.now() + 15 * DAY);

/** A client with everything a member accumulates: profile, notes, sessions live and archived, a tip, a future booking. */
async function memberWithHistory() {
  const client = await t.given.client(
    {},
    { intake: { symptoms: 'Waking at 3am' }, context: { clientFacts: ['Two kids'] } },
  );
  const coach = await t.given.coach();
  const old = await t.given.completedSession({
    coach,
    client,
    startsAt: new Date(Date.now() - 220 * DAY),
    aiSummary: 'old draft',
  });
  const recent = await t.given.completedSession({
    coach,
    client,
    startsAt: new Date(Date.now() - 3 * DAY),
    summary: 'Published recap',
    transcript: 'Client: I slept badly',
  });
  for (const s of [old, recent])
    await t.db.message.createMany({
      data: [
        {
          sessionId: s.session.id,
          userId: client.id,
          sender: 'client',
          kind: 'transcript',
          content: 'I slept badly',
          seq: 0,
          spokenAt: s.appointment.scheduledFor,
        },
        { sessionId: s.session.id, userId: coach.id, sender: 'coach', kind: 'chat', content: 'Try the routine' },
      ],
    });
  await t.db.sessionRating.create({
    data: { sessionId: recent.session.id, rating: 5, comment: 'It helped with my panic', tipAmount: 3 },
  });
  await t.db.payment.create({
    data: {
      userId: client.id,
      coachId: coach.id,
      sessionId: recent.session.id,
      amount: 3,
      type: 'tip',
      status: 'pending',
      failureMessage: 'Card declined',
    },
  });
  await t.db.clientNote.create({ data: { coachId: coach.id, clientId: client.id, sealedContent: 'sealed' } });
  await t.db.session.update({ where: { id: recent.session.id }, data: { sealedAiRecap: 'sealed draft' } });
  const goal = await t.db.clientGoal.create({ data: { clientId: client.id, title: 'Sleep through' } });
  await t.db.goalProgress.create({ data: { goalId: goal.id, rating: 2, note: 'Wakes at 3am' } });
  const exercise = await t.db.exercise.create({
    data: {
      createdBy: coach.id,
      title: 'Wind-down',
      description: 'Lights out',
      instructions: 'Lights out at ten',
      category: 'sleep',
      duration: 600,
      difficulty: 'beginner',
    },
  });
  await t.db.exerciseAssignment.create({
    data: { exerciseId: exercise.id, clientId: client.id, coachId: coach.id, completionNote: 'Hard with the kids' },
  });
  await t.db.coachClientRelationship.create({
    data: { coachId: coach.id, clientId: client.id, origin: 'client_booking' },
  });
  await t.db.userSession.create({
    data: {
      sessionId: `hash-${client.id}`,
      userId: client.id,
      expiresAt: new Date(Date.now() + DAY),
      ipAddress: '203.0.113.9',
    },
  });
  const future = await t.given.appointment({
    coach,
    client,
    startsAt: new Date(Date.now() + 5 * DAY),
    status: 'scheduled',
  });
  await archiveOldSessions(t.db, { now: new Date(), olderThanMonths: 6, batchSize: 50, maxBatches: 5 });
  return { client, coach, old, recent, future };
}

describe('a member asks to be deleted', () => {
  test('at once: signed out everywhere, unbookable, upcoming sessions cancelled, the coach told when', async () => {
    const { client, coach, future } = await memberWithHistory();
    const result = await user(client.id, 'client').privacy.requestErasure({ confirm: 'DELETE' });
    expect(result.purgeAfter.getTime()).toBeGreaterThan(Date.now() + 13 * DAY);
    expect(await t.db.userSession.count({ where: { userId: client.id } })).toBe(0);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: client.id } })).deletedAt).not.toBeNull();
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: future.appointment.id } })).status).toBe(
      'cancelled',
    );
    await expect(
      user(coach.id, 'coach').scheduling.book({
        clientId: client.id,
        coachId: coach.id,
        startsAt: new Date(Date.now() + 9 * DAY),
        durationMin: 30,
      }),
    ).rejects.toThrow(/No client (of yours )?with that id/);
    const told = await t.db.notification.findFirstOrThrow({ where: { userId: coach.id, type: 'member_erasure' } });
    expect(told.title).toContain(client.displayName);
    expect(await t.db.profile.count({ where: { userId: client.id } })).toBe(1); // not yet: cooling off
    await expect(user(client.id, 'client').privacy.requestErasure({ confirm: 'delete' as 'DELETE' })).rejects.toThrow(
      /DELETE/,
    );
  });

  test('after the cooling-off the worker purges by the rules: the coach keeps that the sessions happened, nothing said in them', async () => {
    const { client, coach, old, recent } = await memberWithHistory();
    await user(client.id, 'client').privacy.requestErasure({ confirm: 'DELETE' });
    expect((await worker().privacy.worker.purgeErasures()).erased).toBe(0); // still cooling off
    // (with the first test's request, which is due as well)
    expect((await worker(afterCoolingOff).privacy.worker.purgeErasures()).erased).toBeGreaterThanOrEqual(1);

    const erased = await t.db.user.findUniqueOrThrow({ where: { id: client.id } });
    expect(erased).toMatchObject({
      displayName: ERASED_NAME,
      email: `erased-${client.id}@erased.invalid`,
      skoolVagusEmail: null,
    });
    expect(await t.db.profile.count({ where: { userId: client.id } })).toBe(0);
    expect(await t.db.clientNote.count({ where: { clientId: client.id } })).toBe(0);
    expect(await t.db.consent.count({ where: { userId: client.id } })).toBe(0);
    expect(await t.db.coachClientRelationship.count({ where: { clientId: client.id } })).toBe(0);
    expect(await t.db.directMessage.count({ where: { senderId: client.id } })).toBe(0);
    expect(await t.db.message.count({ where: { session: { appointment: { clientId: client.id } } } })).toBe(0);
    const kept = await t.db.session.findUniqueOrThrow({ where: { id: recent.session.id }, include: { rating: true } });
    expect(kept).toMatchObject({ transcript: null, summary: null, aiSummary: null, sealedAiRecap: null });
    expect(await t.db.clientGoal.count({ where: { clientId: client.id } })).toBe(0);
    expect(await t.db.goalProgress.count({ where: { note: 'Wakes at 3am' } })).toBe(0);
    expect(await t.db.exerciseAssignment.count({ where: { clientId: client.id } })).toBe(0);
    expect(kept.transcriptPurgedAt).not.toBeNull();
    expect(kept.rating).toMatchObject({ rating: 5, comment: null });
    const archive = await t.db.sessionArchive.findUniqueOrThrow({ where: { appointmentId: old.appointment.id } });
    expect(archive).toMatchObject({ messages: [], transcript: null, aiSummary: null });
    const payment = await t.db.payment.findFirstOrThrow({ where: { userId: client.id } });
    expect(payment).toMatchObject({ failureMessage: null });
    expect(Number(payment.amount)).toBe(3);

    // The coach's history still lists both sessions, under the erased name, with nothing said in them.
    const history = await user(coach.id, 'coach').session.mine({ limit: 50 });
    const ids = history.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([old.appointment.id, recent.appointment.id]));
    expect(history.items.find((i) => i.id === recent.appointment.id)?.client.displayName).toBe(ERASED_NAME);
    const detail = await user(coach.id, 'coach').session.detail({ appointmentId: recent.appointment.id });
    expect(detail.transcript).toEqual([]);
    expect(detail.chat).toEqual([]);
    expect(detail.transcriptPurgedAt).not.toBeNull();
    expect((await t.db.erasureRequest.findFirstOrThrow({ where: { userId: client.id } })).status).toBe('done');
  });

  test('a purge that dies midway changes nothing, and the rerun finishes it', async () => {
    const { client } = await memberWithHistory();
    await user(client.id, 'client').privacy.requestErasure({ confirm: 'DELETE' });
    // A fault in the middle of the rules: deleting the member's notifications fails once.
    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION hc_fail_once() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql`);
    await t.db.$executeRawUnsafe(
      'CREATE TRIGGER hc_fail_once BEFORE DELETE ON "MembershipStatusHistory" FOR EACH STATEMENT EXECUTE FUNCTION hc_fail_once()',
    );
    try {
      await expect(worker(afterCoolingOff).privacy.worker.purgeErasures()).rejects.toThrow(/will be retried/);
    } finally {
      await t.db.$executeRawUnsafe('DROP TRIGGER hc_fail_once ON "MembershipStatusHistory"');
      await t.db.$executeRawUnsafe('DROP FUNCTION hc_fail_once()');
    }
    const request = await t.db.erasureRequest.findFirstOrThrow({ where: { userId: client.id } });
    expect(request).toMatchObject({ status: 'pending', attempts: 1 });
    expect(request.lastError).toContain('disk full');
    // Nothing half-done: the sessions' words and the profile are all still there.
    expect(await t.db.profile.count({ where: { userId: client.id } })).toBe(1);
    expect(await t.db.message.count({ where: { session: { appointment: { clientId: client.id } } } })).toBeGreaterThan(
      0,
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { id: client.id } })).displayName).toBe(client.displayName);

    expect((await worker(afterCoolingOff).privacy.worker.purgeErasures()).erased).toBe(1);
    expect(await t.db.profile.count({ where: { userId: client.id } })).toBe(0);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: client.id } })).displayName).toBe(ERASED_NAME);
    expect((await t.db.erasureRequest.findFirstOrThrow({ where: { userId: client.id } })).status).toBe('done');
  });

  test('an admin erases a member only with a reason, and can stop it during the cooling-off', async () => {
    const client = await t.given.client();
    const admin = await t.given.admin();
    const api = user(admin.id, 'admin');
    await expect(api.privacy.admin.eraseMember({ userId: client.id, reason: 'no' })).rejects.toThrow(/say why/);
    const { requestId } = await api.privacy.admin.eraseMember({
      userId: client.id,
      reason: 'Member asked by email to be removed',
    });
    expect((await api.privacy.admin.pendingErasures()).map((r) => r.id)).toContain(requestId);
    await api.privacy.admin.cancelErasure({ requestId });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: client.id } })).deletedAt).toBeNull();
    expect((await worker(afterCoolingOff).privacy.worker.purgeErasures()).erased).toBe(0);
  });
});

describe('retention', () => {
  test('transcripts and chat older than the retention period go by the same rule; summaries and recent sessions stay', async () => {
    const oldOne = await t.given.completedSession({
      startsAt: new Date(Date.now() - 40 * DAY),
      transcript: 'Client: old words',
      summary: 'Kept recap',
    });
    const fresh = await t.given.completedSession({
      startsAt: new Date(Date.now() - 2 * DAY),
      transcript: 'Client: new words',
    });
    for (const s of [oldOne, fresh])
      await t.db.message.create({
        data: { sessionId: s.session.id, sender: 'client', kind: 'chat', content: 'hello' },
      });
    const result = await worker().privacy.worker.applyRetention();
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(await t.db.session.findUniqueOrThrow({ where: { id: oldOne.session.id } })).toMatchObject({
      transcript: null,
      summary: 'Kept recap',
    });
    expect(await t.db.message.count({ where: { sessionId: oldOne.session.id } })).toBe(0);
    expect(await t.db.session.findUniqueOrThrow({ where: { id: fresh.session.id } })).toMatchObject({
      transcript: 'Client: new words',
      transcriptPurgedAt: null,
    });
    expect(await t.db.message.count({ where: { sessionId: fresh.session.id } })).toBe(1);
  });
});
