import type { Community, Db } from '@hybridcoach/db';
import { applySyncPlan } from './apply-plan';
import { COMMUNITIES, lockSkoolSync } from './known-users';
import { determineUserRole } from './roles';
import { knownUserFields, type SyncPlan } from './skool-diff';

/**
 * Ends grace periods by the clock: a cancelled member whose `membershipEndDate` has passed
 * becomes expired (with history) and loses the coach role (audited), as the next sync would
 * do. Without it, a community synced only by occasional CSV uploads would keep former members'
 * roles until the next upload. Same batched writes as a sync, under the same lock.
 */
export async function expireEndedGracePeriods(
  db: Db,
  options: { now: Date; adminEmails: ReadonlySet<string> },
): Promise<{ expired: number }> {
  const { now } = options;
  return db.$transaction(async (tx) => {
    await lockSkoolSync(tx);
    const users = await tx.user.findMany({
      select: knownUserFields,
      where: {
        membershipEndDate: { lte: now },
        OR: [{ ultraSubscriptionStatus: 'cancelled' }, { vagusSubscriptionStatus: 'cancelled' }],
      },
      orderBy: { id: 'asc' },
    });
    let expired = 0;
    for (const community of COMMUNITIES) {
      const field = community === 'ultra' ? 'ultraSubscriptionStatus' : 'vagusSubscriptionStatus';
      const plan = emptyPlan(community);
      const rolesBefore = new Map(users.map((u) => [u.id, u.role]));
      for (const user of users) {
        if (user[field] !== 'cancelled') continue;
        const after = { ...user, [field]: 'expired' as const };
        const role = determineUserRole(after, options.adminEmails, now);
        plan.updates.push({
          userId: user.id,
          changes: { [field]: 'expired', ...(role !== user.role ? { role } : {}) },
        });
        plan.statusChanges.push({ userId: user.id, community, previousStatus: 'cancelled', newStatus: 'expired' });
        // The other community's pass sees this one already expired.
        Object.assign(user, after, { role });
      }
      if (plan.updates.length === 0) continue;
      expired += plan.updates.length;
      await applySyncPlan(tx, plan, {
        previousRoles: rolesBefore,
        listedUserIds: [],
        // Nothing was observed: lastSkoolSync stays as it is.
        takenAt: null,
        now,
        actorId: null,
        adminEmails: options.adminEmails,
      });
    }
    return { expired };
  });
}

function emptyPlan(community: Community): SyncPlan {
  return {
    community,
    create: [],
    updates: [],
    statusChanges: [],
    emailChanges: [],
    skipped: [],
    counts: {
      membersFound: 0,
      newMembers: 0,
      cancelledMembers: 0,
      reactivatedMembers: 0,
      expiredMembers: 0,
      emailChanges: 0,
      unchanged: 0,
    },
  };
}
