import { loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, test } from 'vitest';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { callerAs } from '../test-support/caller';

const t = useTestDatabase();
const settings = settingsFromEnv(loadEnv({ RELATIONSHIP_ACCESS_DAYS: '30' }));
const NOW = new Date('2031-03-10T12:00:00Z');
const DAY = 86_400_000;

const as = (principal: Principal) => callerAs(t, principal, { settings, now: () => NOW });
const coachApi = (id: string) => as({ kind: 'user', userId: id, role: 'coach', userSessionId: 's' });
const adminApi = (id: string) => as({ kind: 'user', userId: id, role: 'admin', userSessionId: 's' });
const codeOf = (err: unknown) => (err as { code?: string }).code;

async function canRead(coachId: string, clientId: string): Promise<boolean> {
  return coachApi(coachId)
    .user.clientContext({ clientId })
    .then(() => true)
    .catch((err: unknown) => {
      if (codeOf(err) !== 'FORBIDDEN') throw err;
      return false;
    });
}

async function pair() {
  const coach = await t.given.coach();
  const client = await t.given.client({}, { intake: { symptoms: 'Racing heart, shallow breathing' } });
  return { coach, client };
}

describe('a coach sees a client only through a live relationship', () => {
  test('a booking the coach made grants nothing, even while it stands', async () => {
    const { coach, client } = await pair();
    await t.given.appointment({ coach, client, startsAt: new Date(NOW.getTime() + DAY) });
    await t.db.appointment.updateMany({ where: { coachId: coach.id }, data: { bookedById: coach.id } });
    await t.db.coachClientRelationship.create({
      data: { coachId: coach.id, clientId: client.id, origin: 'client_booking' },
    });
    expect(await canRead(coach.id, client.id)).toBe(false);
    expect((await coachApi(coach.id).user.myClients()).map((c) => c.id)).not.toContain(client.id);
  });

  test("the client's booking grants access; cancelling it takes it away again", async () => {
    const { coach, client } = await pair();
    const { appointment } = await t.given.appointment({ coach, client, startsAt: new Date(NOW.getTime() + DAY) });
    await t.db.appointment.update({ where: { id: appointment.id }, data: { bookedById: client.id } });
    await t.db.coachClientRelationship.create({
      data: { coachId: coach.id, clientId: client.id, origin: 'client_booking' },
    });
    expect(await canRead(coach.id, client.id)).toBe(true);
    expect((await coachApi(coach.id).user.myClients()).map((c) => c.id)).toContain(client.id);
    await t.db.appointment.update({ where: { id: appointment.id }, data: { status: 'cancelled' } });
    expect(await canRead(coach.id, client.id)).toBe(false);
  });

  test('a session together keeps access for the access period after it ended, then it lapses', async () => {
    const { coach, client } = await pair();
    await t.db.coachClientRelationship.create({
      data: { coachId: coach.id, clientId: client.id, origin: 'client_booking' },
    });
    const recent = await t.given.completedSession({ coach, client, startsAt: new Date(NOW.getTime() - 29 * DAY) });
    expect(await canRead(coach.id, client.id)).toBe(true);
    await t.db.appointment.update({
      where: { id: recent.appointment.id },
      data: {
        scheduledFor: new Date(NOW.getTime() - 31 * DAY),
        endsAt: new Date(NOW.getTime() - 31 * DAY + 1_800_000),
      },
    });
    expect(await canRead(coach.id, client.id)).toBe(false);
  });

  test('an admin links and ends relationships; an ended one grants nothing whatever sessions it had', async () => {
    const { coach, client } = await pair();
    const admin = await t.given.admin();
    expect(await canRead(coach.id, client.id)).toBe(false);
    await adminApi(admin.id).admin.relationships.link({ coachId: coach.id, clientId: client.id });
    expect(await canRead(coach.id, client.id)).toBe(true);
    await t.given.completedSession({ coach, client, startsAt: new Date(NOW.getTime() - DAY) });
    await adminApi(admin.id).admin.relationships.end({ coachId: coach.id, clientId: client.id });
    expect(await canRead(coach.id, client.id)).toBe(false);
    const [row] = await adminApi(admin.id).admin.relationships.of({ userId: client.id });
    expect(row).toMatchObject({ origin: 'admin', grantsAccess: false });
    expect(row?.endedAt).toEqual(NOW);
    expect(
      await t.db.auditLog.count({
        where: { action: { in: ['relationship.linked', 'relationship.ended'] }, userId: client.id },
      }),
    ).toBe(2);
    expect(
      codeOf(
        await coachApi(coach.id)
          .admin.relationships.link({ coachId: coach.id, clientId: client.id })
          .catch((e: unknown) => e),
      ),
    ).toBe('FORBIDDEN');
  });
});
