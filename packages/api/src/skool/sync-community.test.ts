import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { beforeEach, describe, expect, test } from 'vitest';
import { DevMailbox } from '../notification/mailer';
import { expireEndedGracePeriods } from './grace-expiry';
import { sendGraceWarnings } from './grace-warnings';
import { parseMembersCsv } from './member-csv';
import { type SyncInput, syncSnapshot } from './sync-community';
import { member, membershipState, snapshot, testPolicy, userByEmail } from './test-support/members';

const t = useTestDatabase();
const adminEmails = new Set(['boss@example.com']);
const day0 = new Date('2030-01-10T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(day0.getTime() + days * DAY);

function sync(snap: SyncInput['snapshot'], now: Date, extra: Partial<SyncInput> = {}) {
  return syncSnapshot(t.db, { snapshot: snap, source: 'http', settings: testPolicy, adminEmails, now, ...extra });
}

beforeEach(async () => {
  await t.db.auditLog.deleteMany();
  await t.db.membershipStatusHistory.deleteMany();
  await t.db.notification.deleteMany();
  await t.db.skoolMonitoringLog.deleteMany();
  await t.db.user.deleteMany();
});

describe('syncSnapshot on PostgreSQL', () => {
  test('creates new members with roles, first history rows and a success log', async () => {
    const ultra = await sync(
      snapshot('ultra', [member('coach@example.com', { name: 'Coach One' }), member('boss@example.com')], day0),
      day0,
    );
    expect(ultra).toMatchObject({ status: 'applied', counts: { membersFound: 2, newMembers: 2 } });
    await sync(snapshot('vagus', [member('client@example.com')], day0), day0);

    const coach = await userByEmail(t.db, 'coach@example.com');
    expect(coach).toMatchObject({
      displayName: 'Coach One',
      role: 'coach',
      skoolUltraEmail: 'coach@example.com',
      ultraSubscriptionStatus: 'active',
      lastSkoolSync: day0,
    });
    expect((await userByEmail(t.db, 'boss@example.com')).role).toBe('admin');
    expect((await userByEmail(t.db, 'client@example.com')).role).toBe('client');
    const history = await t.db.membershipStatusHistory.findMany({ where: { userId: coach.id } });
    expect(history).toMatchObject([{ community: 'ultra', previousStatus: null, newStatus: 'active' }]);
    const log = await t.db.skoolMonitoringLog.findUniqueOrThrow({ where: { id: ultra.logId } });
    expect(log).toMatchObject({ community: 'ultra', source: 'http', membersFound: 2, newMembers: 2, success: true });
  });

  test('merges duplicate CSV rows into one member and says so in the log', async () => {
    const csv = [
      'Name,Email,Status',
      'Ann,ann@example.com,cancelled',
      'Ann Again,ANN@example.com,active',
      'Bob,bob@example.com,active',
    ].join('\n');
    const outcome = await sync(parseMembersCsv(csv, 'vagus', day0), day0, { source: 'csv-upload' });
    expect(outcome).toMatchObject({
      status: 'applied',
      duplicatesMerged: 1,
      counts: { membersFound: 2, newMembers: 2 },
    });
    expect(await t.db.user.count()).toBe(2);
    expect(await userByEmail(t.db, 'ann@example.com')).toMatchObject({
      displayName: 'Ann',
      vagusSubscriptionStatus: 'active',
    });
    const log = await t.db.skoolMonitoringLog.findUniqueOrThrow({ where: { id: outcome.logId } });
    expect(log.details).toMatchObject({ duplicatesMerged: 1 });
  });

  test('a cancellation starts the grace period (still a coach), which ends as expired (a client)', async () => {
    const coaches = Array.from({ length: 5 }, (_, i) => member(`c${i}@example.com`));
    await sync(snapshot('ultra', coaches, day0), day0);

    const cancelled = await sync(
      snapshot('ultra', [...coaches.slice(1), member('c0@example.com', { status: 'cancelled' })], at(1)),
      at(1),
    );
    expect(cancelled.counts.cancelledMembers).toBe(1);
    const inGrace = await userByEmail(t.db, 'c0@example.com');
    expect(inGrace).toMatchObject({
      ultraSubscriptionStatus: 'cancelled',
      role: 'coach',
      membershipEndDate: at(8),
      membershipWarningShown: false,
    });

    // Grace over: the next sync expires the membership and the role follows, audited.
    const expired = await sync(snapshot('ultra', coaches.slice(1), at(9)), at(9));
    expect(expired.counts.expiredMembers).toBe(1);
    const after = await userByEmail(t.db, 'c0@example.com');
    expect(after).toMatchObject({ ultraSubscriptionStatus: 'expired', role: 'client' });
    const history = await t.db.membershipStatusHistory.findMany({
      where: { userId: after.id },
      orderBy: { changeDetectedAt: 'asc' },
      select: { previousStatus: true, newStatus: true },
    });
    expect(history).toEqual([
      { previousStatus: null, newStatus: 'active' },
      { previousStatus: 'active', newStatus: 'cancelled' },
      { previousStatus: 'cancelled', newStatus: 'expired' },
    ]);
    const audit = await t.db.auditLog.findMany({ where: { userId: after.id, action: 'role.changed' } });
    expect(audit.map((a) => a.metadata)).toEqual([
      { from: 'coach', to: 'client', reason: 'skool-sync', community: 'ultra' },
    ]);
  });

  test('a grace period that runs out between syncs expires by the clock, once', async () => {
    const coaches = Array.from({ length: 5 }, (_, i) => member(`e${i}@example.com`));
    await sync(snapshot('ultra', coaches, day0), day0);
    await sync(snapshot('ultra', coaches.slice(1), day0), day0); // e0 cancelled; grace ends day 7
    const before = await userByEmail(t.db, 'e0@example.com');

    expect(await expireEndedGracePeriods(t.db, { now: at(6), adminEmails })).toEqual({ expired: 0 });
    expect(await expireEndedGracePeriods(t.db, { now: at(8), adminEmails })).toEqual({ expired: 1 });
    const after = await userByEmail(t.db, 'e0@example.com');
    expect(after).toMatchObject({
      ultraSubscriptionStatus: 'expired',
      role: 'client',
      lastSkoolSync: before.lastSkoolSync,
    });
    expect(await t.db.auditLog.count({ where: { userId: after.id, action: 'role.changed' } })).toBe(1);
    expect(await expireEndedGracePeriods(t.db, { now: at(9), adminEmails })).toEqual({ expired: 0 });

    // The next sync agrees: nothing more to record.
    const history = await t.db.membershipStatusHistory.count({ where: { userId: after.id } });
    await sync(snapshot('ultra', coaches.slice(1), at(10)), at(10));
    expect(await t.db.membershipStatusHistory.count({ where: { userId: after.id } })).toBe(history);
  });

  test('a member past their grace is signed out everywhere at once; one in grace and an admin are not', async () => {
    const members = ['gone', 'grace', 'stay', 'x1', 'x2', 'x3', 'x4'].map((n) => member(`${n}@example.com`));
    const boss = member('boss@example.com');
    await sync(snapshot('ultra', [...members, boss], day0), day0);
    const signedIn = async (email: string) => {
      const user = await userByEmail(t.db, email);
      await t.db.userSession.create({ data: { sessionId: `hash-${email}`, userId: user.id, expiresAt: at(30) } });
      return user;
    };
    const gone = await signedIn('gone@example.com');
    const grace = await signedIn('grace@example.com');
    const admin = await signedIn('boss@example.com');
    const without = (...emails: string[]) => members.filter((m) => !emails.includes(m.email));
    // "gone" cancels on day 1 (grace ends day 8); on day 9 "grace" cancels and the admin leaves Skool.
    await sync(snapshot('ultra', [...without('gone@example.com'), boss], at(1)), at(1));
    const result = await sync(snapshot('ultra', without('gone@example.com', 'grace@example.com'), at(9)), at(9), {
      allowMassCancellation: true,
    });
    expect(result.counts).toMatchObject({ expiredMembers: 1, cancelledMembers: 2 });
    const active = async (userId: string) => (await t.db.userSession.findFirstOrThrow({ where: { userId } })).isActive;
    expect(await active(gone.id)).toBe(false);
    expect(await active(grace.id)).toBe(true);
    expect(await active(admin.id)).toBe(true);
    expect(
      await t.db.auditLog.findMany({
        where: { action: 'auth.session_revoked' },
        select: { userId: true, metadata: true },
      }),
    ).toEqual([{ userId: gone.id, metadata: { reason: 'membership_lapsed' } }]);
  });

  test('a reactivated member is active again with the grace period cleared', async () => {
    const members = Array.from({ length: 5 }, (_, i) => member(`v${i}@example.com`));
    await sync(snapshot('vagus', members, day0), day0);
    await sync(snapshot('vagus', members.slice(1), at(1)), at(1));
    expect((await userByEmail(t.db, 'v0@example.com')).vagusSubscriptionStatus).toBe('cancelled');

    const back = await sync(snapshot('vagus', members, at(2)), at(2));
    expect(back.counts.reactivatedMembers).toBe(1);
    expect(await userByEmail(t.db, 'v0@example.com')).toMatchObject({
      vagusSubscriptionStatus: 'active',
      membershipEndDate: null,
      role: 'client',
    });
  });

  test('a member who changed their Skool email is re-linked, recorded and audited', async () => {
    const user = await t.db.user.create({
      data: {
        email: 'me@example.com',
        displayName: 'Me',
        role: 'coach',
        skoolUltraEmail: 'old@example.com',
        ultraSubscriptionStatus: 'active',
      },
    });
    // Skool now lists them under their sign-in address instead of the old one.
    const outcome = await sync(snapshot('ultra', [member('me@example.com')], day0), day0);
    expect(outcome.counts).toMatchObject({ emailChanges: 1, newMembers: 0, cancelledMembers: 0 });
    expect(await userByEmail(t.db, 'me@example.com')).toMatchObject({
      skoolUltraEmail: 'me@example.com',
      ultraSubscriptionStatus: 'active',
      role: 'coach',
    });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { userId: user.id, action: 'skool.email_changed' } });
    expect(audit.metadata).toEqual({ community: 'ultra', from: 'old@example.com', to: 'me@example.com' });
  });

  test('a member whose email belongs to a soft-deleted user is matched, not created again', async () => {
    await t.db.user.create({
      data: { email: 'gone@example.com', displayName: 'Gone', deletedAt: day0, vagusSubscriptionStatus: 'expired' },
    });
    const outcome = await sync(snapshot('vagus', [member('gone@example.com')], day0), day0);
    expect(outcome.status).toBe('applied');
    expect(await t.db.user.count()).toBe(1);
    expect((await userByEmail(t.db, 'gone@example.com')).vagusSubscriptionStatus).toBe('active');
  });

  test('the same snapshot twice leaves the same state and records nothing twice', async () => {
    const listed = Array.from({ length: 6 }, (_, i) => member(`i${i}@example.com`));
    await sync(snapshot('ultra', listed, day0), day0);
    // One cancels, one new joins: a snapshot that changes something.
    const snap = snapshot(
      'ultra',
      [...listed.slice(1), member('i0@example.com', { status: 'cancelled' }), member('new@example.com')],
      at(1),
    );
    const first = await sync(snap, at(1));
    expect(first).toMatchObject({ status: 'applied', counts: { newMembers: 1, cancelledMembers: 1 } });
    const state = await membershipState(t.db);
    const historyRows = await t.db.membershipStatusHistory.count();
    const auditRows = await t.db.auditLog.count();

    const again = await sync(snap, at(1));
    expect(again).toMatchObject({ status: 'applied', counts: { newMembers: 0, cancelledMembers: 0, unchanged: 7 } });
    // The log counts users whose data changed, not every listed member whose sync date moved.
    const details = async (logId: number) =>
      (await t.db.skoolMonitoringLog.findUniqueOrThrow({ where: { id: logId } })).details;
    expect(await details(first.logId)).toMatchObject({ created: 1, updated: 1 });
    expect(await details(again.logId)).toMatchObject({ created: 0, updated: 0 });
    expect(await membershipState(t.db)).toEqual(state);
    expect(await t.db.membershipStatusHistory.count()).toBe(historyRows);
    expect(await t.db.auditLog.count()).toBe(auditRows);
  });

  test('refuses a snapshot that cancels too many at once: nothing changes, a failure is logged', async () => {
    const members = Array.from({ length: 10 }, (_, i) => member(`m${i}@example.com`));
    await sync(snapshot('ultra', members, day0), day0);
    const before = await membershipState(t.db);

    const truncated = await sync(snapshot('ultra', members.slice(0, 5), at(1)), at(1));
    expect(truncated).toMatchObject({ status: 'refused', cancelShare: 0.5 });
    expect(truncated.message).toContain('would cancel 5 active ultra members');
    expect(await membershipState(t.db)).toEqual(before);
    const log = await t.db.skoolMonitoringLog.findUniqueOrThrow({ where: { id: truncated.logId } });
    expect(log).toMatchObject({ success: false, cancelledMembers: 5 });
    expect(log.errorMessage).toContain('Refused');

    // An admin who read the preview may accept it.
    const accepted = await sync(snapshot('ultra', members.slice(0, 5), at(1)), at(1), { allowMassCancellation: true });
    expect(accepted.status).toBe('applied');
    expect((await userByEmail(t.db, 'm9@example.com')).ultraSubscriptionStatus).toBe('cancelled');
  });

  test('warns a member once when their grace period ends within the warning window', async () => {
    const logger = createLogger('grace-test', 'silent');
    const mailbox = new DevMailbox(logger);
    const warn = (now: Date) =>
      sendGraceWarnings(
        { db: t.db, mailer: mailbox, logger, publicUrl: 'http://localhost:3000' },
        { now, warningDays: 3 },
      );
    const members = Array.from({ length: 5 }, (_, i) => member(`g${i}@example.com`));
    await sync(snapshot('ultra', members, day0), day0);
    await sync(snapshot('ultra', members.slice(1), day0), day0); // g0 cancelled; grace ends day 7

    expect(await warn(at(1))).toEqual({ warned: 0 }); // six days left: not yet
    expect(await warn(at(5))).toEqual({ warned: 1 });
    expect(await warn(at(5.5))).toEqual({ warned: 0 });
    expect(await warn(at(6))).toEqual({ warned: 0 });

    const g0 = await userByEmail(t.db, 'g0@example.com');
    expect(g0.membershipWarningShown).toBe(true);
    const notifications = await t.db.notification.findMany({ where: { userId: g0.id } });
    expect(notifications).toMatchObject([{ type: 'membership_ending', actionUrl: '/settings' }]);
    expect(notifications[0]?.message).toContain('ends on Thu, Jan 17 · 12:00 PM UTC.');
    expect(mailbox.list().map((m) => m.to)).toEqual(['g0@example.com']);

    // Renewing and cancelling again is a new grace period, warned again.
    await sync(snapshot('ultra', members, at(6)), at(6));
    expect((await userByEmail(t.db, 'g0@example.com')).membershipWarningShown).toBe(false);
    await sync(snapshot('ultra', members.slice(1), at(6)), at(6));
    expect(await warn(at(11))).toEqual({ warned: 1 });
  });
});
