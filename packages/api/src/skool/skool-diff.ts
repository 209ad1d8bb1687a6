import type { Community, SubscriptionStatus, User } from '@hybridcoach/db';
import { type MemberSnapshot, mergeDuplicateMembers, type SkoolMember } from './member-snapshot';
import { determineUserRole } from './roles';

/** The User columns the sync reads; pass as Prisma `select` so the types cannot drift apart. */
export const knownUserFields = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  skoolUltraEmail: true,
  skoolVagusEmail: true,
  ultraSubscriptionStatus: true,
  vagusSubscriptionStatus: true,
  membershipEndDate: true,
  membershipWarningShown: true,
  skoolProfileUrl: true,
  skoolProfilePhotoUrl: true,
  skoolBio: true,
  skoolJoinedDate: true,
  adminGrantedAt: true,
} as const;

export type KnownUser = Pick<User, keyof typeof knownUserFields>;

/** Only the columns that change; shaped to be passed as Prisma `data`. */
export type UserChanges = Partial<
  Pick<
    User,
    | 'role'
    | 'skoolUltraEmail'
    | 'skoolVagusEmail'
    | 'ultraSubscriptionStatus'
    | 'vagusSubscriptionStatus'
    | 'membershipEndDate'
    | 'membershipWarningShown'
    | 'skoolProfileUrl'
    | 'skoolProfilePhotoUrl'
    | 'skoolBio'
    | 'skoolJoinedDate'
  >
>;

export interface UserUpdate {
  userId: string;
  changes: UserChanges;
}

/**
 * A user to create for a new active member. The worker also records their first
 * MembershipStatusHistory row (null → active) once the id exists.
 */
export type NewUser = Pick<
  User,
  | 'email'
  | 'displayName'
  | 'role'
  | 'skoolUltraEmail'
  | 'skoolVagusEmail'
  | 'ultraSubscriptionStatus'
  | 'vagusSubscriptionStatus'
  | 'skoolProfileUrl'
  | 'skoolProfilePhotoUrl'
  | 'skoolBio'
  | 'skoolJoinedDate'
>;

/** Becomes one MembershipStatusHistory row. */
export interface StatusChange {
  userId: string;
  community: Community;
  previousStatus: SubscriptionStatus | null;
  newStatus: SubscriptionStatus;
}

/** The member now uses another address in this community than the one stored. */
export interface EmailChange {
  userId: string;
  community: Community;
  previousEmail: string;
  newEmail: string;
}

/** A member the plan leaves alone, and why (for the monitoring log). */
export interface SkippedMember {
  email: string;
  reason: string;
}

export interface SyncCounts {
  membersFound: number;
  /** Users created, plus existing users who joined this community. */
  newMembers: number;
  /** Active members who left (cancelled, removed, or no longer listed). */
  cancelledMembers: number;
  reactivatedMembers: number;
  /** Cancelled members whose grace period ended. */
  expiredMembers: number;
  emailChanges: number;
  /** Listed members whose user needs no change. */
  unchanged: number;
}

export interface SyncPlan {
  community: Community;
  create: NewUser[];
  updates: UserUpdate[];
  statusChanges: StatusChange[];
  emailChanges: EmailChange[];
  skipped: SkippedMember[];
  counts: SyncCounts;
}

export interface DiffOptions {
  now: Date;
  gracePeriodDays: number;
  adminEmails: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;

const communityFields = {
  ultra: { email: 'skoolUltraEmail', status: 'ultraSubscriptionStatus' },
  vagus: { email: 'skoolVagusEmail', status: 'vagusSubscriptionStatus' },
} as const satisfies Record<Community, { email: keyof KnownUser; status: keyof KnownUser }>;

const otherCommunity: Record<Community, Community> = { ultra: 'vagus', vagus: 'ultra' };

/**
 * What to write so that users agree with `snapshot`. Pure: the worker applies the plan.
 * `users` must hold every user who may match a member (by any of their three emails) and every
 * user with a status in this community; passing all users is always correct.
 */
export function diffSnapshot(snapshot: MemberSnapshot, users: readonly KnownUser[], options: DiffOptions): SyncPlan {
  const { community } = snapshot;
  const { now, adminEmails } = options;
  const fields = communityFields[community];
  const otherStatus = communityFields[otherCommunity[community]].status;
  // A grace period is a duration from the moment we notice, not a wall-clock date: no zone applies.
  const graceEnd = new Date(now.getTime() + options.gracePeriodDays * DAY_MS);

  const members = mergeDuplicateMembers(
    snapshot.members.map((m) => ({ ...m, email: normaliseEmail(m.email) })),
  ).members;
  const { matches, unmatched } = matchMembers(members, users, community);

  const plan: SyncPlan = {
    community,
    create: [],
    updates: [],
    statusChanges: [],
    emailChanges: [],
    skipped: [],
    counts: {
      membersFound: members.length,
      newMembers: 0,
      cancelledMembers: 0,
      reactivatedMembers: 0,
      expiredMembers: 0,
      emailChanges: 0,
      unchanged: 0,
    },
  };
  const { counts } = plan;

  for (const user of users) {
    const match = matches.get(user.id);
    const previous = user[fields.status];
    if (!match && previous === null) continue;

    const changes: UserChanges = {};
    const next = nextStatus(previous, match?.member.status ?? null, inGrace(user, now));
    let endDate = user.membershipEndDate;
    let warningShown = user.membershipWarningShown;
    if (next !== null && next !== previous) {
      changes[fields.status] = next;
      plan.statusChanges.push({ userId: user.id, community, previousStatus: previous, newStatus: next });
      if (previous === 'active') {
        counts.cancelledMembers += 1;
        // Removed or banned members (→ expired) lose access at once; only a cancellation has grace.
        if (next === 'cancelled') {
          endDate = graceEnd;
          warningShown = false;
        }
      } else if (next === 'active') {
        if (previous === null) counts.newMembers += 1;
        else counts.reactivatedMembers += 1;
        // One end date serves both communities: keep it while the other one is still in grace.
        const otherStillInGrace = user[otherStatus] === 'cancelled' && inGrace(user, now);
        if (previous !== null && !otherStillInGrace) {
          endDate = null;
          warningShown = false;
        }
      } else if (previous === 'cancelled') {
        counts.expiredMembers += 1;
      }
    }
    if (!sameInstant(endDate, user.membershipEndDate)) changes.membershipEndDate = endDate;
    if (warningShown !== user.membershipWarningShown) changes.membershipWarningShown = warningShown;

    if (match) {
      const stored = user[fields.email];
      if (stored?.trim().toLowerCase() !== match.member.email) {
        changes[fields.email] = match.member.email;
        if (stored !== null) {
          plan.emailChanges.push({ userId: user.id, community, previousEmail: stored, newEmail: match.member.email });
        }
      }
      Object.assign(changes, profileChanges(user, match.member));
    }

    const after = { ...user, ...changes };
    const role = determineUserRole(after, adminEmails, now);
    if (role !== user.role) changes.role = role;

    if (Object.keys(changes).length > 0) plan.updates.push({ userId: user.id, changes });
    else if (match) counts.unchanged += 1;
  }

  const takenEmails = new Set(users.map((u) => normaliseEmail(u.email)));
  for (const member of unmatched) {
    if (takenEmails.has(member.email)) {
      // Creating would violate User.email's uniqueness; that user already matched another member.
      plan.skipped.push({ email: member.email, reason: 'the user with this email matched another member' });
    } else if (member.status === 'active') {
      plan.create.push(newUser(member, community, adminEmails, now));
      counts.newMembers += 1;
    }
    // An unknown member who already left needs no account: there is no access to give or take.
  }
  counts.emailChanges = plan.emailChanges.length;
  return plan;
}

/**
 * The share (0–1) of this community's currently active members whom the plan would move off
 * active. The worker refuses a snapshot above a configured share: a truncated export or a
 * failing source must not look like everyone leaving at once.
 */
export function wouldCancelShare(plan: SyncPlan, users: readonly KnownUser[], community: Community): number {
  const status = communityFields[community].status;
  const active = users.filter((u) => u[status] === 'active').length;
  if (active === 0) return 0;
  const leaving = plan.statusChanges.filter(
    (c) => c.community === community && c.previousStatus === 'active' && c.newStatus !== 'active',
  ).length;
  return leaving / active;
}

/**
 * The status after seeing the member as `observed` (null = not listed any more). A cancellation
 * keeps the member `cancelled` while the grace period runs and `expired` after it.
 */
function nextStatus(
  previous: SubscriptionStatus | null,
  observed: SubscriptionStatus | null,
  graceRunning: boolean,
): SubscriptionStatus | null {
  if (observed === 'active') return 'active';
  // Never a member with us: nothing to take away, so no status to record.
  if (previous === null) return null;
  if (observed === 'expired') return 'expired';
  if (previous === 'active') return 'cancelled';
  if (previous === 'cancelled') return graceRunning ? 'cancelled' : 'expired';
  return 'expired';
}

type MatchVia = 'communityEmail' | 'email' | 'otherCommunityEmail';

interface Match {
  member: SkoolMember;
  via: MatchVia;
}

/**
 * Pairs members with users: by this community's Skool email, then the sign-in email, then the
 * other community's Skool email (one Skool address used in both; without it we would create a
 * second account for the same person). Each user pairs with at most one member.
 */
function matchMembers(
  members: readonly SkoolMember[],
  users: readonly KnownUser[],
  community: Community,
): { matches: Map<string, Match>; unmatched: SkoolMember[] } {
  const keys: [MatchVia, (user: KnownUser) => string | null][] = [
    ['communityEmail', (u) => u[communityFields[community].email]],
    ['email', (u) => u.email],
    ['otherCommunityEmail', (u) => u[communityFields[otherCommunity[community]].email]],
  ];
  const matches = new Map<string, Match>();
  let remaining = [...members];
  for (const [via, key] of keys) {
    const index = new Map<string, KnownUser>();
    for (const user of users) {
      const email = key(user);
      if (email && !index.has(normaliseEmail(email))) index.set(normaliseEmail(email), user);
    }
    const stillUnmatched: SkoolMember[] = [];
    for (const member of remaining) {
      const user = index.get(member.email);
      if (user && !matches.has(user.id)) matches.set(user.id, { member, via });
      else stillUnmatched.push(member);
    }
    remaining = stillUnmatched;
  }
  return { matches, unmatched: remaining };
}

/**
 * Profile fields the member's listing changes. A source without a field (null) leaves the stored
 * value alone: webhook events carry no photo, and must not wipe the one the CSV gave.
 */
function profileChanges(user: KnownUser, member: SkoolMember): UserChanges {
  const changes: UserChanges = {};
  if (member.profileUrl !== null && member.profileUrl !== user.skoolProfileUrl) {
    changes.skoolProfileUrl = member.profileUrl;
  }
  if (member.photoUrl !== null && member.photoUrl !== user.skoolProfilePhotoUrl) {
    changes.skoolProfilePhotoUrl = member.photoUrl;
  }
  if (member.bio !== null && member.bio !== user.skoolBio) changes.skoolBio = member.bio;
  // One column for two communities: keep the earliest, when they first joined Skool with us.
  if (member.joinedAt !== null && (user.skoolJoinedDate === null || member.joinedAt < user.skoolJoinedDate)) {
    changes.skoolJoinedDate = member.joinedAt;
  }
  return changes;
}

function newUser(member: SkoolMember, community: Community, adminEmails: ReadonlySet<string>, now: Date): NewUser {
  const status = (c: Community): SubscriptionStatus | null => (c === community ? 'active' : null);
  const facts = {
    email: member.email,
    ultraSubscriptionStatus: status('ultra'),
    vagusSubscriptionStatus: status('vagus'),
    membershipEndDate: null,
    adminGrantedAt: null,
  };
  return {
    email: member.email,
    displayName: member.name,
    role: determineUserRole(facts, adminEmails, now),
    skoolUltraEmail: community === 'ultra' ? member.email : null,
    skoolVagusEmail: community === 'vagus' ? member.email : null,
    ultraSubscriptionStatus: facts.ultraSubscriptionStatus,
    vagusSubscriptionStatus: facts.vagusSubscriptionStatus,
    skoolProfileUrl: member.profileUrl,
    skoolProfilePhotoUrl: member.photoUrl,
    skoolBio: member.bio,
    skoolJoinedDate: member.joinedAt,
  };
}

function inGrace(user: Pick<KnownUser, 'membershipEndDate'>, now: Date): boolean {
  return user.membershipEndDate !== null && user.membershipEndDate > now;
}

function sameInstant(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
