import { describe, expect, test } from 'vitest';
import { useTestDatabase } from '../testing';

const t = useTestDatabase();

async function world() {
  const client = await t.given.client({}, { context: { clientFacts: ['likes tea'] } });
  const { coach, appointment, session } = await t.given.completedSession({
    client,
    startsAt: new Date('2032-01-05T15:00:00Z'),
  });
  await t.db.message.createMany({
    data: [
      { sessionId: session.id, sender: 'client', userId: client.id, content: 'hello' },
      { sessionId: session.id, sender: 'ai', kind: 'transcript', content: 'hi', seq: 0, idempotencyKey: 'seg-0' },
    ],
  });
  await t.db.sessionRating.create({ data: { sessionId: session.id, rating: 5, tipAmount: 3 } });
  const payment = await t.db.payment.create({
    data: {
      userId: client.id,
      coachId: coach.id,
      sessionId: session.id,
      amount: 3,
      type: 'tip',
      status: 'pending',
    },
  });
  return { coach, client, appointment, session, payment };
}

describe('cascade rules', () => {
  test('deleting an appointment removes its sessions, messages, ratings and attendance, but keeps the payment', async () => {
    const w = await world();
    await t.db.appointment.delete({ where: { id: w.appointment.id } });
    expect(await t.db.session.count({ where: { appointmentId: w.appointment.id } })).toBe(0);
    expect(await t.db.message.count({ where: { sessionId: w.session.id } })).toBe(0);
    expect(await t.db.sessionRating.count({ where: { sessionId: w.session.id } })).toBe(0);
    expect(await t.db.sessionParticipant.count({ where: { appointmentId: w.appointment.id } })).toBe(0);
    const payment = await t.db.payment.findUniqueOrThrow({ where: { id: w.payment.id } });
    expect(payment.sessionId).toBeNull();
  });

  test('a user with appointments cannot be hard-deleted (soft delete keeps history)', async () => {
    const w = await world();
    await expect(t.db.user.delete({ where: { id: w.client.id } })).rejects.toThrow();
    expect(await t.db.session.count({ where: { appointment: { clientId: w.client.id } } })).toBe(1);
  });

  test('deleting a user without appointments removes profile, sign-in sessions and notifications, keeps audit entries', async () => {
    const user = await t.db.user.create({
      data: {
        email: 'leaver@example.com',
        displayName: 'Leaver',
        profile: { create: {} },
        userSessions: {
          create: { sessionId: 'hash-leaver', expiresAt: new Date(Date.now() + 86_400_000) },
        },
        notifications: { create: { type: 'info', title: 't', message: 'm' } },
        auditLogs: { create: { action: 'auth.sign_in' } },
      },
    });
    await t.db.user.delete({ where: { id: user.id } });
    expect(await t.db.profile.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.userSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.notification.count({ where: { userId: user.id } })).toBe(0);
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: { action: 'auth.sign_in', userId: null },
    });
    expect(audit.userId).toBeNull();
  });

  test('cleaning up a used auth code keeps the session it started', async () => {
    const user = await t.db.user.create({
      data: { email: 'coder@example.com', displayName: 'Coder' },
    });
    const code = await t.db.authCode.create({
      data: {
        codeHash: 'hash-of-a-code',
        skoolUserId: user.id,
        skoolUsername: 'Coder',
        expiresAt: new Date(),
        usedAt: new Date(),
      },
    });
    const signIn = await t.db.userSession.create({
      data: {
        sessionId: 'hash-coder',
        userId: user.id,
        authCodeId: code.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await t.db.authCode.delete({ where: { id: code.id } });
    const kept = await t.db.userSession.findUniqueOrThrow({ where: { id: signIn.id } });
    expect(kept.authCodeId).toBeNull();
  });

  test('deleting a goal removes its progress; deleting a topic removes its mappings', async () => {
    const w = await world();
    const goal = await t.db.clientGoal.create({
      data: {
        clientId: w.client.id,
        title: 'Sleep',
        progress: { create: { note: 'ok', rating: 3 } },
      },
    });
    await t.db.clientGoal.delete({ where: { id: goal.id } });
    expect(await t.db.goalProgress.count({ where: { goalId: goal.id } })).toBe(0);
    const topic = await t.db.sessionTopic.create({
      data: { name: 'breathing-goal', sessions: { create: { sessionId: w.session.id } } },
    });
    await t.db.sessionTopic.delete({ where: { id: topic.id } });
    expect(await t.db.sessionTopicMapping.count({ where: { topicId: topic.id } })).toBe(0);
  });
});
