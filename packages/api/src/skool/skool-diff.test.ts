import type { Community } from '@hybridcoach/db';
import { describe, expect, test } from 'vitest';
import { parseMembersCsv } from './member-csv';
import type { MemberSnapshot, SkoolMember } from './member-snapshot';
import { type DiffOptions, diffSnapshot, type KnownUser, type SyncPlan, wouldCancelShare } from './skool-diff';

const now = new Date('2030-01-10T00:00:00Z');
const graceEnd = new Date('2030-01-17T00:00:00Z');
const options: DiffOptions = { now, gracePeriodDays: 7, adminEmails: new Set(['boss@example.com']) };

const user = (id: string, fields: Partial<KnownUser> = {}): KnownUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role: 'client',
  skoolUltraEmail: null,
  skoolVagusEmail: null,
  ultraSubscriptionStatus: null,
  vagusSubscriptionStatus: null,
  membershipEndDate: null,
  membershipWarningShown: false,
  skoolProfileUrl: null,
  skoolProfilePhotoUrl: null,
  skoolBio: null,
  skoolJoinedDate: null,
  adminGrantedAt: null,
  ...fields,
});

/** A coach who is an active Ultra member, linked by their Ultra email. */
const coach = (id: string, fields: Partial<KnownUser> = {}): KnownUser =>
  user(id, { role: 'coach', skoolUltraEmail: `${id}@example.com`, ultraSubscriptionStatus: 'active', ...fields });

const member = (email: string, fields: Partial<SkoolMember> = {}): SkoolMember => ({
  skoolUserId: null,
  email,
  name: email.split('@')[0] ?? email,
  status: 'active',
  joinedAt: null,
  profileUrl: null,
  photoUrl: null,
  bio: null,
  ...fields,
});

const snapshot = (community: Community, members: SkoolMember[]): MemberSnapshot => ({
  community,
  takenAt: now,
  members,
  duplicatesMerged: 0,
});

/** What the worker does with a plan, in memory. */
function apply(plan: SyncPlan, users: readonly KnownUser[]): KnownUser[] {
  const byId = new Map(users.map((u) => [u.id, { ...u }]));
  for (const { userId, changes } of plan.updates) {
    const target = byId.get(userId);
    if (!target) throw new Error(`plan updates unknown user ${userId}`);
    Object.assign(target, changes);
  }
  const created = plan.create.map((data, i) => ({
    id: `created-${i}`,
    membershipEndDate: null,
    membershipWarningShown: false,
    adminGrantedAt: null,
    ...data,
  }));
  return [...byId.values(), ...created];
}

const emptyPlanParts = { create: [], updates: [], statusChanges: [] };

describe('diffSnapshot: new members', () => {
  test('creates a coach for a new active Ultra member', () => {
    const plan = diffSnapshot(
      snapshot('ultra', [member('new@example.com', { name: 'New Coach', photoUrl: 'https://img.example.com/n.png' })]),
      [],
      options,
    );
    expect(plan.create).toEqual([
      {
        email: 'new@example.com',
        displayName: 'New Coach',
        role: 'coach',
        skoolUltraEmail: 'new@example.com',
        skoolVagusEmail: null,
        ultraSubscriptionStatus: 'active',
        vagusSubscriptionStatus: null,
        skoolProfileUrl: null,
        skoolProfilePhotoUrl: 'https://img.example.com/n.png',
        skoolBio: null,
        skoolJoinedDate: null,
      },
    ]);
    expect(plan.counts).toMatchObject({ membersFound: 1, newMembers: 1 });
  });

  test('creates a client for a new active Vagus member', () => {
    const [created] = diffSnapshot(snapshot('vagus', [member('c@example.com')]), [], options).create;
    expect(created).toMatchObject({
      role: 'client',
      skoolVagusEmail: 'c@example.com',
      vagusSubscriptionStatus: 'active',
    });
  });

  test('creates an admin for a new member listed in ADMIN_EMAILS', () => {
    expect(diffSnapshot(snapshot('vagus', [member('Boss@Example.com')]), [], options).create[0]?.role).toBe('admin');
  });

  test('creates one user for a member a source lists twice, under either case of the email', () => {
    const plan = diffSnapshot(
      snapshot('ultra', [member('Twice@example.com', { status: 'cancelled' }), member('twice@example.com')]),
      [],
      options,
    );
    expect(plan.create.map((c) => [c.email, c.ultraSubscriptionStatus])).toEqual([['twice@example.com', 'active']]);
    expect(plan.counts.membersFound).toBe(1);
  });

  test('creates no user for an unknown member who already left', () => {
    const plan = diffSnapshot(
      snapshot('ultra', [
        member('gone@example.com', { status: 'cancelled' }),
        member('x@example.com', { status: 'expired' }),
      ]),
      [],
      options,
    );
    expect(plan).toMatchObject({ ...emptyPlanParts, counts: { membersFound: 2, newMembers: 0 } });
  });

  test('makes a Vagus client who joins Ultra a coach, counted as a new member', () => {
    const client = user('c', { skoolVagusEmail: 'c@example.com', vagusSubscriptionStatus: 'active' });
    const plan = diffSnapshot(snapshot('ultra', [member('c@example.com')]), [client], options);
    expect(plan.create).toEqual([]);
    expect(plan.updates).toEqual([
      { userId: 'c', changes: { ultraSubscriptionStatus: 'active', skoolUltraEmail: 'c@example.com', role: 'coach' } },
    ]);
    expect(plan.statusChanges).toEqual([
      { userId: 'c', community: 'ultra', previousStatus: null, newStatus: 'active' },
    ]);
    expect(plan.counts.newMembers).toBe(1);
  });
});

describe('diffSnapshot: cancellation and grace', () => {
  test('cancels an active coach missing from the snapshot, starts the grace period and keeps the coach role', () => {
    const plan = diffSnapshot(snapshot('ultra', []), [coach('c', { membershipWarningShown: true })], options);
    expect(plan.updates).toEqual([
      {
        userId: 'c',
        changes: { ultraSubscriptionStatus: 'cancelled', membershipEndDate: graceEnd, membershipWarningShown: false },
      },
    ]);
    expect(plan.statusChanges).toEqual([
      { userId: 'c', community: 'ultra', previousStatus: 'active', newStatus: 'cancelled' },
    ]);
    expect(plan.counts.cancelledMembers).toBe(1);
  });

  test('cancels an active member the snapshot lists as cancelled', () => {
    const plan = diffSnapshot(
      snapshot('ultra', [member('c@example.com', { status: 'cancelled' })]),
      [coach('c')],
      options,
    );
    expect(plan.updates[0]?.changes).toEqual({ ultraSubscriptionStatus: 'cancelled', membershipEndDate: graceEnd });
  });

  test('ends access at once for a member the snapshot lists as removed, with no grace', () => {
    const plan = diffSnapshot(
      snapshot('ultra', [member('c@example.com', { status: 'expired' })]),
      [coach('c')],
      options,
    );
    expect(plan.updates[0]?.changes).toEqual({ ultraSubscriptionStatus: 'expired', role: 'client' });
    expect(plan.counts.cancelledMembers).toBe(1);
  });

  test('leaves a cancelled coach in grace unchanged, still a coach', () => {
    const inGrace = coach('c', { ultraSubscriptionStatus: 'cancelled', membershipEndDate: graceEnd });
    const plan = diffSnapshot(snapshot('ultra', []), [inGrace], options);
    expect(plan).toMatchObject(emptyPlanParts);
  });

  test('expires a cancelled coach whose grace period ended, making them a client', () => {
    const ended = coach('c', { ultraSubscriptionStatus: 'cancelled', membershipEndDate: now });
    const plan = diffSnapshot(snapshot('ultra', []), [ended], options);
    expect(plan.updates).toEqual([{ userId: 'c', changes: { ultraSubscriptionStatus: 'expired', role: 'client' } }]);
    expect(plan.statusChanges).toEqual([
      { userId: 'c', community: 'ultra', previousStatus: 'cancelled', newStatus: 'expired' },
    ]);
    expect(plan.counts).toMatchObject({ expiredMembers: 1, cancelledMembers: 0 });
  });

  test('expires a listed-as-cancelled member once the grace period has ended', () => {
    const ended = user('v', {
      skoolVagusEmail: 'v@example.com',
      vagusSubscriptionStatus: 'cancelled',
      membershipEndDate: new Date('2030-01-01T00:00:00Z'),
    });
    const plan = diffSnapshot(snapshot('vagus', [member('v@example.com', { status: 'cancelled' })]), [ended], options);
    expect(plan.updates).toEqual([{ userId: 'v', changes: { vagusSubscriptionStatus: 'expired' } }]);
  });

  test('leaves an expired member who is no longer listed alone', () => {
    const expired = user('v', { vagusSubscriptionStatus: 'expired' });
    expect(diffSnapshot(snapshot('vagus', []), [expired], options)).toMatchObject(emptyPlanParts);
  });

  test('leaves members of the other community alone', () => {
    const vagusOnly = user('v', { skoolVagusEmail: 'v@example.com', vagusSubscriptionStatus: 'active' });
    expect(diffSnapshot(snapshot('ultra', []), [vagusOnly], options)).toMatchObject(emptyPlanParts);
  });
});

describe('diffSnapshot: reactivation', () => {
  test('reactivates a cancelled coach, clearing the grace end and the warning', () => {
    const cancelled = coach('c', {
      ultraSubscriptionStatus: 'cancelled',
      membershipEndDate: graceEnd,
      membershipWarningShown: true,
    });
    const plan = diffSnapshot(snapshot('ultra', [member('c@example.com')]), [cancelled], options);
    expect(plan.updates).toEqual([
      {
        userId: 'c',
        changes: { ultraSubscriptionStatus: 'active', membershipEndDate: null, membershipWarningShown: false },
      },
    ]);
    expect(plan.counts.reactivatedMembers).toBe(1);
  });

  test('reactivates an expired former coach as a coach again', () => {
    const expired = coach('c', { role: 'client', ultraSubscriptionStatus: 'expired', membershipEndDate: now });
    const plan = diffSnapshot(snapshot('ultra', [member('c@example.com')]), [expired], options);
    expect(plan.updates[0]?.changes).toEqual({
      ultraSubscriptionStatus: 'active',
      membershipEndDate: null,
      role: 'coach',
    });
  });

  test('keeps the grace end when reactivating Vagus while Ultra is still in grace', () => {
    const both = coach('c', {
      skoolVagusEmail: 'c@example.com',
      ultraSubscriptionStatus: 'cancelled',
      vagusSubscriptionStatus: 'cancelled',
      membershipEndDate: graceEnd,
    });
    const plan = diffSnapshot(snapshot('vagus', [member('c@example.com')]), [both], options);
    expect(plan.updates).toEqual([{ userId: 'c', changes: { vagusSubscriptionStatus: 'active' } }]);
  });
});

describe('diffSnapshot: emails', () => {
  test('reports a member whose Skool email changed to their sign-in email', () => {
    const moved = coach('c', { skoolUltraEmail: 'old@example.com' });
    const plan = diffSnapshot(snapshot('ultra', [member('c@example.com')]), [moved], options);
    expect(plan.emailChanges).toEqual([
      { userId: 'c', community: 'ultra', previousEmail: 'old@example.com', newEmail: 'c@example.com' },
    ]);
    expect(plan.updates).toEqual([{ userId: 'c', changes: { skoolUltraEmail: 'c@example.com' } }]);
    expect(plan.statusChanges).toEqual([]);
    expect(plan.counts.emailChanges).toBe(1);
  });

  test('links the community email on the first match by sign-in email without calling it a change', () => {
    const unlinked = coach('c', { skoolUltraEmail: null });
    const plan = diffSnapshot(snapshot('ultra', [member('C@Example.com')]), [unlinked], options);
    expect(plan.emailChanges).toEqual([]);
    expect(plan.updates).toEqual([{ userId: 'c', changes: { skoolUltraEmail: 'c@example.com' } }]);
  });

  test('matches by the community email before the sign-in email', () => {
    const signIn = user('a', { email: 'shared@example.com' });
    const skool = coach('b', { skoolUltraEmail: 'shared@example.com' });
    const plan = diffSnapshot(snapshot('ultra', [member('shared@example.com')]), [signIn, skool], options);
    expect(plan).toMatchObject({ ...emptyPlanParts, counts: { unchanged: 1 } });
  });

  test("matches by the other community's Skool email rather than creating a second account", () => {
    const client = user('c', {
      email: 'login@example.com',
      skoolVagusEmail: 'skool@example.com',
      vagusSubscriptionStatus: 'active',
    });
    const plan = diffSnapshot(snapshot('ultra', [member('skool@example.com')]), [client], options);
    expect(plan.create).toEqual([]);
    expect(plan.updates[0]?.changes).toMatchObject({ skoolUltraEmail: 'skool@example.com', role: 'coach' });
  });

  test('skips a member whose email is the sign-in email of a user another member matched', () => {
    const linked = coach('c', { skoolUltraEmail: 'skool@example.com' });
    const plan = diffSnapshot(
      snapshot('ultra', [member('skool@example.com'), member('c@example.com')]),
      [linked],
      options,
    );
    expect(plan.create).toEqual([]);
    expect(plan.skipped).toEqual([{ email: 'c@example.com', reason: expect.stringMatching(/matched another member/) }]);
  });
});

describe('diffSnapshot: profile and roles', () => {
  test('updates only the profile fields that changed, never wiping one the source lacks', () => {
    const known = coach('c', {
      skoolProfileUrl: 'https://www.skool.com/@c',
      skoolProfilePhotoUrl: 'https://img.example.com/old.png',
      skoolBio: 'Old bio',
      skoolJoinedDate: new Date('2024-05-01T00:00:00Z'),
    });
    const listed = member('c@example.com', {
      profileUrl: 'https://www.skool.com/@c',
      photoUrl: 'https://img.example.com/new.png',
      bio: null,
      joinedAt: new Date('2024-02-01T00:00:00Z'),
    });
    const plan = diffSnapshot(snapshot('ultra', [listed]), [known], options);
    expect(plan.updates).toEqual([
      {
        userId: 'c',
        changes: {
          skoolProfilePhotoUrl: 'https://img.example.com/new.png',
          skoolJoinedDate: new Date('2024-02-01T00:00:00Z'),
        },
      },
    ]);
  });

  test('keeps the earliest join date when the community reports a later one', () => {
    const known = coach('c', { skoolJoinedDate: new Date('2024-01-01T00:00:00Z') });
    const plan = diffSnapshot(
      snapshot('ultra', [member('c@example.com', { joinedAt: new Date('2025-01-01T00:00:00Z') })]),
      [known],
      options,
    );
    expect(plan).toMatchObject({ ...emptyPlanParts, counts: { unchanged: 1 } });
  });

  test('keeps a Vagus client a client when their Vagus membership is cancelled', () => {
    const client = user('v', { skoolVagusEmail: 'v@example.com', vagusSubscriptionStatus: 'active' });
    const plan = diffSnapshot(snapshot('vagus', []), [client], options);
    expect(plan.updates[0]?.changes).toEqual({ vagusSubscriptionStatus: 'cancelled', membershipEndDate: graceEnd });
  });

  test('corrects a stored role that disagrees with the memberships, without a status change', () => {
    const wrong = coach('c', { role: 'client' });
    const admin = coach('boss');
    const plan = diffSnapshot(
      snapshot('ultra', [member('c@example.com'), member('boss@example.com')]),
      [wrong, admin],
      options,
    );
    expect(plan.updates).toEqual([
      { userId: 'c', changes: { role: 'coach' } },
      { userId: 'boss', changes: { role: 'admin' } },
    ]);
    expect(plan.statusChanges).toEqual([]);
  });

  test('keeps the admin the setup link made when their coaching membership expires', () => {
    const granted = coach('g', {
      role: 'admin',
      ultraSubscriptionStatus: 'cancelled',
      membershipEndDate: now,
      adminGrantedAt: now,
    });
    const plan = diffSnapshot(snapshot('ultra', []), [granted], options);
    expect(plan.updates).toEqual([{ userId: 'g', changes: { ultraSubscriptionStatus: 'expired' } }]);
  });
});

describe('diffSnapshot: idempotency', () => {
  test('plans nothing when the same snapshot is diffed again after applying the plan', () => {
    const users = [
      coach('stays'),
      coach('leaves', { membershipWarningShown: true }),
      coach('graceOver', { ultraSubscriptionStatus: 'cancelled', membershipEndDate: now }),
      coach('returns', { role: 'client', ultraSubscriptionStatus: 'expired' }),
      coach('moved', { skoolUltraEmail: 'old@example.com' }),
      user('joins', { skoolVagusEmail: 'joins@example.com', vagusSubscriptionStatus: 'active' }),
      user('vagusOnly', { vagusSubscriptionStatus: 'active' }),
    ];
    const snap = snapshot('ultra', [
      member('stays@example.com', { bio: 'Still here' }),
      member('returns@example.com'),
      member('moved@example.com'),
      member('joins@example.com'),
      member('fresh@example.com', { joinedAt: new Date('2029-12-01T00:00:00Z') }),
      member('banned@example.com', { status: 'expired' }),
    ]);
    const first = diffSnapshot(snap, users, options);
    expect(first.create).toHaveLength(1);
    expect(first.statusChanges).toHaveLength(4);
    expect(first.counts).toMatchObject({
      membersFound: 6,
      newMembers: 2,
      cancelledMembers: 1,
      reactivatedMembers: 1,
      expiredMembers: 1,
      emailChanges: 1,
      unchanged: 0,
    });

    const applied = apply(first, users);
    const second = diffSnapshot(snap, applied, options);
    expect(second).toMatchObject({ ...emptyPlanParts, emailChanges: [] });
    expect(second.counts).toMatchObject({ newMembers: 0, cancelledMembers: 0, unchanged: 5 });
  });

  test('plans nothing for a parsed CSV applied once and diffed again', () => {
    const csv = [
      'Email,Name,Status,Joined',
      'a@example.com,A,Active,01/15/2024',
      'A@example.com,A again,cancelled,',
      'b@example.com,B,cancelled,2024-02-01',
    ].join('\n');
    const snap = parseMembersCsv(csv, 'vagus', now);
    const users = [user('b', { vagusSubscriptionStatus: 'active' })];
    const applied = apply(diffSnapshot(snap, users, options), users);
    expect(diffSnapshot(snap, applied, options)).toMatchObject(emptyPlanParts);
  });
});

describe('wouldCancelShare', () => {
  test("is the share of the community's active members the plan moves off active", () => {
    const users = [
      coach('a'),
      coach('b'),
      coach('c'),
      coach('d'),
      coach('e', { ultraSubscriptionStatus: 'cancelled' }),
    ];
    const plan = diffSnapshot(snapshot('ultra', [member('a@example.com'), member('b@example.com')]), users, options);
    expect(wouldCancelShare(plan, users, 'ultra')).toBe(0.5);
  });

  test('ignores the other community and is 0 when nobody is active', () => {
    const users = [user('v', { vagusSubscriptionStatus: 'active' })];
    const plan = diffSnapshot(snapshot('vagus', []), users, options);
    expect(wouldCancelShare(plan, users, 'vagus')).toBe(1);
    expect(wouldCancelShare(plan, users, 'ultra')).toBe(0);
  });
});
