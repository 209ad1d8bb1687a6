import { createLogger, loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { TRPCError } from '@trpc/server';
import { describe, expect, test } from 'vitest';
import { createUserSession, validateSessionToken } from '../auth/user-session';
import { createContext } from '../core/context';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';

const t = useTestDatabase();
const logger = createLogger('admin-users-test', 'silent');
const settings = settingsFromEnv(loadEnv({ ADMIN_EMAILS: 'boss@hybridcoach.example' }));
const NOW = new Date('2031-06-10T12:00:00Z');
const DAY = 86_400_000;

const api = (userId: string, role: 'client' | 'coach' | 'admin' = 'admin', now = NOW) =>
  createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 't',
      settings,
      mailer: new DevMailbox(logger),
      principal: { kind: 'user', userId, role, userSessionId: 's' },
      now: () => now,
    }),
  );
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => (e instanceof TRPCError ? { code: e.code, message: e.message } : { code: String(e), message: '' }),
  );

const anAdmin = () => t.given.admin();

describe('users and roles', () => {
  test('search by name or email, filter by role and by active, in pages', async () => {
    const admin = await anAdmin();
    const tag = `zq${Date.now().toString(36)}`;
    const coach = await t.given.coach({ displayName: `Quinn ${tag}` });
    await t.given.client({ displayName: 'Someone Else', email: `${tag}-client@vagus.example` });
    await t.given.client({ displayName: `Gone ${tag}`, deletedAt: NOW });
    const byName = await api(admin.id).admin.users.list({ search: `quinn ${tag}`.toUpperCase() });
    expect(byName.items.map((u) => u.id)).toEqual([coach.id]);
    const both = await api(admin.id).admin.users.list({ search: tag });
    expect(both.items.map((u) => u.displayName).sort()).toEqual([`Quinn ${tag}`, 'Someone Else']);
    expect((await api(admin.id).admin.users.list({ search: tag, role: 'coach' })).total).toBe(1);
    expect(
      (await api(admin.id).admin.users.list({ search: tag, status: 'deactivated' })).items.map((u) => u.displayName),
    ).toEqual([`Gone ${tag}`]);
    const first = await api(admin.id).admin.users.list({ search: tag, status: 'all', limit: 2 });
    expect(first).toMatchObject({ total: 3, nextCursor: 2 });
    const second = await api(admin.id).admin.users.list({ search: tag, status: 'all', limit: 2, cursor: 2 });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });

  test('an admin makes someone an admin and takes it back; the role then follows Skool again, audited', async () => {
    const admin = await anAdmin();
    const coach = await t.given.coach();
    expect((await api(admin.id).admin.users.setAdmin({ userId: coach.id, admin: true })).role).toBe('admin');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: coach.id } })).role).toBe('admin');
    expect((await api(admin.id).admin.users.setAdmin({ userId: coach.id, admin: false })).role).toBe('coach');
    const audit = await t.db.auditLog.findMany({
      where: { userId: coach.id, action: 'role.changed' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => [a.actorId, a.metadata])).toEqual([
      [admin.id, { from: 'coach', to: 'admin' }],
      [admin.id, { from: 'admin', to: 'coach' }],
    ]);
  });

  test('nobody takes away their own admin role, nor one that ADMIN_EMAILS gives', async () => {
    const admin = await anAdmin();
    expect(await failure(api(admin.id).admin.users.setAdmin({ userId: admin.id, admin: false }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'You cannot take away your own admin role. Ask another admin.',
    });
    const boss = await t.db.user.create({
      data: { email: 'boss@hybridcoach.example', displayName: 'Boss', role: 'admin' },
    });
    expect((await api(admin.id).admin.users.get({ userId: boss.id })).adminByConfiguration).toBe(true);
    expect((await failure(api(admin.id).admin.users.setAdmin({ userId: boss.id, admin: false }))).code).toBe(
      'BAD_REQUEST',
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { id: boss.id } })).role).toBe('admin');
  });

  test("a coach's level is set by an admin, shows on their card, and is audited; a client has none", async () => {
    const admin = await anAdmin();
    const coach = await t.given.coach({ coachLevel: 2 });
    await api(admin.id).user.setCoachLevel({ coachId: coach.id, coachLevel: 4 });
    expect((await api(admin.id).coach.get({ coachId: coach.id })).coachLevel).toBe(4);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { userId: coach.id, action: 'coach.level_changed' } });
    expect(audit).toMatchObject({ actorId: admin.id, metadata: { from: 2, to: 4 } });
    const client = await t.given.client();
    expect((await failure(api(admin.id).user.setCoachLevel({ coachId: client.id, coachLevel: 3 }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await failure(api(coach.id, 'coach').user.setCoachLevel({ coachId: coach.id, coachLevel: 5 }))).code).toBe(
      'FORBIDDEN',
    );
  });

  test('deactivating signs the person out at once and keeps them out; reactivating lets them back; both audited', async () => {
    const admin = await anAdmin();
    const client = await t.given.client();
    const { token } = await createUserSession(
      t.db,
      { userId: client.id, request: { ip: null, userAgent: null, fingerprint: null } },
      NOW,
      settings.sessions,
    );
    expect(await validateSessionToken(t.db, token, NOW, settings.sessions)).not.toBeNull();
    const done = await api(admin.id).admin.users.setDeactivated({ userId: client.id, deactivated: true });
    expect(done).toEqual({ userId: client.id, deactivated: true, signedOut: 1 });
    expect(await validateSessionToken(t.db, token, NOW, settings.sessions)).toBeNull();
    expect((await api(admin.id).admin.users.get({ userId: client.id })).deletedAt).toEqual(NOW);
    await api(admin.id).admin.users.setDeactivated({ userId: client.id, deactivated: false });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: client.id } })).deletedAt).toBeNull();
    expect(
      (await t.db.auditLog.findMany({ where: { userId: client.id }, orderBy: { createdAt: 'asc' } })).map((a) => [
        a.action,
        a.actorId,
      ]),
    ).toEqual([
      ['user.deactivated', admin.id],
      ['user.reactivated', admin.id],
    ]);
    expect(
      (await failure(api(admin.id).admin.users.setDeactivated({ userId: admin.id, deactivated: true }))).code,
    ).toBe('BAD_REQUEST');
    expect((await failure(api(admin.id).admin.users.get({ userId: 'nobody' }))).code).toBe('NOT_FOUND');
  });
});

describe('coaches', () => {
  test('each coach with level, rating, upcoming sessions and no-shows of either side', async () => {
    const admin = await anAdmin();
    const coach = await t.given.coach({ coachLevel: 3, isAvailable: false });
    const rated = await t.given.completedSession({ coach, startsAt: new Date(NOW.getTime() - 3 * DAY) });
    await t.db.sessionRating.create({ data: { sessionId: rated.session.id, rating: 4 } });
    // The client came, the coach did not.
    const missed = await t.given.appointment({ coach, startsAt: new Date(NOW.getTime() - 2 * DAY) });
    await t.db.sessionParticipant.create({
      data: {
        appointmentId: missed.appointment.id,
        identity: missed.client.id,
        role: 'client',
        joinedAt: missed.appointment.scheduledFor,
      },
    });
    await t.given.appointment({ coach, startsAt: new Date(NOW.getTime() + 2 * DAY) });
    await t.given.appointment({ coach, startsAt: new Date(NOW.getTime() - DAY), status: 'cancelled' });
    const row = (await api(admin.id).admin.coaches.list()).find((c) => c.id === coach.id);
    expect(row).toMatchObject({
      coachLevel: 3,
      isAvailable: false,
      sessionsCompleted: 1,
      averageRating: 4,
      ratings: 1,
      upcoming: 1,
      noShows: { coach: 1, client: 0 },
    });
  });
});

describe('daily metrics', () => {
  test('a fresh install with history gets every day since its first session; again, only what is missing', async () => {
    const admin = await anAdmin();
    const day = (d: number) => new Date(NOW.getTime() - d * DAY);
    // Days no other test here touches.
    for (const d of [40, 38, 38]) await t.given.completedSession({ startsAt: day(d) });
    await t.db.platformMetric.deleteMany();
    const first = await api(admin.id).admin.metrics.backfill({});
    expect(first.days).toBeGreaterThanOrEqual(40);
    expect(first.to).toBe('2031-06-09');
    const completed = await t.db.platformMetric.findMany({
      where: { metric: 'sessions_completed', value: { gt: 0 }, date: { lte: new Date('2031-05-10T00:00:00Z') } },
      orderBy: { date: 'asc' },
    });
    expect(completed.map((m) => [m.date.toISOString().slice(0, 10), m.value])).toEqual([
      ['2031-05-01', 1],
      ['2031-05-03', 2],
    ]);
    expect((await api(admin.id).admin.metrics.backfill({})).days).toBe(0);
    expect((await api(admin.id).admin.metrics.backfill({ recompute: true })).days).toBe(first.days);

    const { fileName, csv } = await api(admin.id).admin.metrics.csv({
      from: new Date('2031-05-01T00:00:00Z'),
      to: new Date('2031-05-03T00:00:00Z'),
    });
    expect(fileName).toBe('metrics-2031-05-01-to-2031-05-03.csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('date,active_users,sessions_completed,avg_rating,minutes_in_session,no_shows');
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '2031-05-01,2,1',
      '2031-05-02,0,0',
      '2031-05-03,4,2',
    ]);
    expect(lines.at(-1)).toBe('');
  });
});
