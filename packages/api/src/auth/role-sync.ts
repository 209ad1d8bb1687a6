import type { Db, Role } from '@hybridcoach/db';
import { determineUserRole } from '../skool/roles';
import { recordAudit } from './audit';

/**
 * Recomputes a user's role from their memberships (and ADMIN_EMAILS); writes the change and
 * an audit entry only when it differs. Returns the role now in force.
 */
export async function syncRole(
  db: Db,
  userId: string,
  adminEmails: ReadonlySet<string>,
  now: Date,
  actorId: string | null = null,
): Promise<Role> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      role: true,
      email: true,
      ultraSubscriptionStatus: true,
      vagusSubscriptionStatus: true,
      membershipEndDate: true,
      adminGrantedAt: true,
    },
  });
  const role = determineUserRole(user, adminEmails, now);
  if (role !== user.role) {
    await db.user.update({ where: { id: userId }, data: { role } });
    await recordAudit(db, { action: 'role.changed', userId, actorId, metadata: { from: user.role, to: role } });
  }
  return role;
}
