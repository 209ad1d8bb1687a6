import { createHash } from 'node:crypto';
import type { SyncPlan } from './skool-diff';

/**
 * A digest of what a plan does, to tell whether the plan an admin previewed is still the plan
 * that would be applied. Grace end dates count only as "set" or "cleared": they are computed
 * from the moment of diffing, which always differs between preview and apply.
 */
export function planFingerprint(plan: SyncPlan): string {
  const updates = plan.updates.map(({ userId, changes }) => {
    const { membershipEndDate, ...rest } = changes;
    const end = membershipEndDate === undefined ? undefined : membershipEndDate === null ? 'cleared' : 'set';
    return [
      userId,
      Object.entries({ ...rest, membershipEndDate: end })
        .filter(([, v]) => v !== undefined)
        .sort(),
    ];
  });
  const shape = {
    community: plan.community,
    create: plan.create.map((u) => [u.email, u.role, u.ultraSubscriptionStatus, u.vagusSubscriptionStatus]),
    updates,
    statusChanges: plan.statusChanges.map((c) => [c.userId, c.previousStatus, c.newStatus]),
    emailChanges: plan.emailChanges.map((c) => [c.userId, c.newEmail]),
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}
