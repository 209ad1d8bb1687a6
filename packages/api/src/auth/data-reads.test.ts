import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, test } from 'vitest';
import type { Principal } from '../core/principal';
import { callerAs, member } from '../test-support/caller';

const t = useTestDatabase();

const as = (principal: Principal) => callerAs(t, principal);
const user = (userId: string, role: 'client' | 'coach' | 'admin') => as(member(userId, role));

describe('reads of health data by anyone but the client are audited', () => {
  test('a coach reading the context and a transcript leaves a row each; the client reading their own leaves none', async () => {
    const done = await t.given.completedSession({ startsAt: new Date(Date.now() - 86_400_000), transcript: 'hi' });
    await t.db.coachClientRelationship.create({
      data: { coachId: done.coach.id, clientId: done.client.id, origin: 'client_booking' },
    });
    await user(done.client.id, 'client').user.clientContext({ clientId: done.client.id });
    await user(done.client.id, 'client').session.detail({ appointmentId: done.appointment.id });
    expect(await t.db.auditLog.count({ where: { action: 'data.read' } })).toBe(0);

    await user(done.coach.id, 'coach').user.clientContext({ clientId: done.client.id });
    await user(done.coach.id, 'coach').session.detail({ appointmentId: done.appointment.id });
    const reads = await t.db.auditLog.findMany({ where: { action: 'data.read' }, orderBy: { createdAt: 'asc' } });
    expect(reads.map((r) => [r.userId, r.actorId, (r.metadata as { what: string }).what])).toEqual([
      [done.client.id, done.coach.id, 'context'],
      [done.client.id, done.coach.id, 'transcript'],
    ]);
    expect(reads[1]?.targetId).toBe(done.appointment.id);
  });

  test('a refused read records nothing; admins browse the log by whose data it was', async () => {
    const stranger = await t.given.coach();
    const client = await t.given.client();
    const admin = await t.given.admin();
    await user(stranger.id, 'coach')
      .user.clientContext({ clientId: client.id })
      .catch(() => undefined);
    expect(await t.db.auditLog.count({ where: { action: 'data.read', userId: client.id } })).toBe(0);
    await user(admin.id, 'admin').user.clientContext({ clientId: client.id });
    const log = await user(admin.id, 'admin').admin.auditLog({ userId: client.id, action: 'data.read' });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ user: { id: client.id }, actor: { id: admin.id, role: 'admin' } });
  });
});
