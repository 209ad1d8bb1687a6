import type { Role, SubscriptionStatus } from '@hybridcoach/db';
import type { KnownUser, SyncPlan, UserChanges } from './skool-diff';

export type MemberChangeKind = 'create' | 'update' | 'skip';

/** One member's change in a plan, shaped for a preview table (one row per member). */
export interface MemberChange {
  kind: MemberChangeKind;
  /** Null for a user the plan would create. */
  userId: string | null;
  email: string;
  displayName: string;
  status: { from: SubscriptionStatus | null; to: SubscriptionStatus } | null;
  role: { from: Role | null; to: Role } | null;
  skoolEmail: { from: string; to: string } | null;
  /** The grace period's new end (a cancellation), or null when it is cleared or untouched. */
  graceEndsAt: Date | null;
  /** Other columns that change (profile URL, photo, bio, join date, warning flag…). */
  otherFields: (keyof UserChanges)[];
  /** Why a member is left alone (kind "skip"). */
  reason: string | null;
}

const SHOWN_ELSEWHERE = new Set<keyof UserChanges>([
  'role',
  'ultraSubscriptionStatus',
  'vagusSubscriptionStatus',
  'skoolUltraEmail',
  'skoolVagusEmail',
  'membershipEndDate',
]);

/** The plan as one row per member: creations first, then updates, then skipped members. */
export function describePlanChanges(plan: SyncPlan, users: readonly KnownUser[]): MemberChange[] {
  const byId = new Map(users.map((u) => [u.id, u]));
  const statusField = plan.community === 'ultra' ? 'ultraSubscriptionStatus' : 'vagusSubscriptionStatus';
  const statusChanges = new Map(plan.statusChanges.map((c) => [c.userId, c]));
  const emailChanges = new Map(plan.emailChanges.map((c) => [c.userId, c]));

  const created: MemberChange[] = plan.create.map((u) => ({
    kind: 'create',
    userId: null,
    email: u.email,
    displayName: u.displayName,
    status: { from: null, to: u[statusField] ?? 'active' },
    role: { from: null, to: u.role },
    skoolEmail: null,
    graceEndsAt: null,
    otherFields: [],
    reason: null,
  }));
  const updated: MemberChange[] = plan.updates.map(({ userId, changes }) => {
    const user = byId.get(userId);
    const status = statusChanges.get(userId);
    const email = emailChanges.get(userId);
    return {
      kind: 'update',
      userId,
      email: user?.email ?? '',
      displayName: user?.displayName ?? '',
      status: status ? { from: status.previousStatus, to: status.newStatus } : null,
      role: changes.role ? { from: user?.role ?? null, to: changes.role } : null,
      skoolEmail: email ? { from: email.previousEmail, to: email.newEmail } : null,
      graceEndsAt: changes.membershipEndDate ?? null,
      otherFields: (Object.keys(changes) as (keyof UserChanges)[]).filter((k) => !SHOWN_ELSEWHERE.has(k)),
      reason: null,
    };
  });
  const skipped: MemberChange[] = plan.skipped.map((s) => ({
    kind: 'skip',
    userId: null,
    email: s.email,
    displayName: '',
    status: null,
    role: null,
    skoolEmail: null,
    graceEndsAt: null,
    otherFields: [],
    reason: s.reason,
  }));
  return [...created, ...updated, ...skipped];
}
