import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, test } from 'vitest';
import type { Principal } from '../core/principal';
import { archiveOldSessions } from '../housekeeping/session-archive';
import { callerAs, member } from '../test-support/caller';

const t = useTestDatabase();
const DAY = 86_400_000;

const as = (principal: Principal) => callerAs(t, principal);
const user = (userId: string, role: 'client' | 'coach' | 'admin') => as(member(userId, role));

describe('archived sessions stay readable', () => {
  test('a seven-month-old session is in the history and detail of its client and coach after archiving', async () => {
    const startsAt = new Date(Date.now() - 214 * DAY);
    const done = await t.given.completedSession({
      startsAt,
      transcript: 'Client: my chest felt tight',
      summary: 'Breathing work',
    });
    await t.db.message.createMany({
      data: [
        {
          sessionId: done.session.id,
          userId: done.client.id,
          sender: 'client',
          kind: 'transcript',
          content: 'my chest felt tight',
          seq: 0,
          spokenAt: startsAt,
        },
        {
          sessionId: done.session.id,
          userId: done.coach.id,
          sender: 'coach',
          kind: 'chat',
          content: 'see you next week',
        },
      ],
    });
    await t.db.sessionRating.create({ data: { sessionId: done.session.id, rating: 4, comment: 'helpful' } });
    const moved = await archiveOldSessions(t.db, { now: new Date(), olderThanMonths: 6, batchSize: 10, maxBatches: 5 });
    expect(moved.archived).toBeGreaterThanOrEqual(1);
    expect(await t.db.session.count({ where: { id: done.session.id } })).toBe(0);

    for (const [id, role] of [
      [done.client.id, 'client'],
      [done.coach.id, 'coach'],
    ] as const) {
      const mine = await user(id, role).session.mine({ limit: 20 });
      const listed = mine.items.find((i) => i.id === done.appointment.id);
      expect(listed).toMatchObject({ archived: true, summary: 'Breathing work', rating: 4 });
      const detail = await user(id, role).session.detail({ appointmentId: done.appointment.id });
      expect(detail.archived).toBe(true);
      expect(detail.transcript.map((m) => [m.senderName, m.content])).toEqual([
        [done.client.displayName, 'my chest felt tight'],
      ]);
      expect(detail.chat.map((m) => m.content)).toEqual(['see you next week']);
      expect(detail.transcriptText).toBe('Client: my chest felt tight');
      expect(detail.rating).toMatchObject({ rating: 4, comment: 'helpful' });
    }
  });
});

describe('who reads transcripts', () => {
  test('an admin reads a session only with a stated reason, and that read is recorded with it', async () => {
    const done = await t.given.completedSession({ startsAt: new Date(Date.now() - DAY), transcript: 'Client: hello' });
    const admin = await t.given.admin();
    const api = user(admin.id, 'admin');
    await expect(api.session.detail({ appointmentId: done.appointment.id })).rejects.toThrow(/stated reason/);
    await expect(api.session.detail({ appointmentId: done.appointment.id, reason: 'why' })).rejects.toThrow(/say why/);
    expect(await t.db.auditLog.count({ where: { actorId: admin.id } })).toBe(0);
    const reason = 'Client reported a billing dispute about this session';
    const detail = await api.session.detail({ appointmentId: done.appointment.id, reason });
    expect(detail.transcriptText).toBe('Client: hello');
    const read = await t.db.auditLog.findFirstOrThrow({ where: { actorId: admin.id, action: 'data.read' } });
    expect(read).toMatchObject({ userId: done.client.id, targetId: done.appointment.id });
    expect(read.metadata).toMatchObject({ what: 'transcript', by: 'admin', reason });
  });

  test('nobody else reads it at all', async () => {
    const done = await t.given.completedSession({ startsAt: new Date(Date.now() - DAY) });
    const otherCoach = await t.given.coach();
    await expect(user(otherCoach.id, 'coach').session.detail({ appointmentId: done.appointment.id })).rejects.toThrow(
      /No session of yours/,
    );
  });
});
