import type { Deps } from '../core/context';
import type { UserPrincipal } from '../core/principal';
import { accessRule, clientsWithAccess } from '../relationship/access';

/** A coach's clients (those they have a live relationship with); every client for an admin. */
export async function listMyClients(deps: Deps<'db' | 'now' | 'settings'>, user: UserPrincipal) {
  const only =
    user.role === 'coach' ? await clientsWithAccess(deps.db, user.userId, accessRule(deps.settings, deps.now())) : null;
  return deps.db.user.findMany({
    where: { role: 'client', deletedAt: null, ...(only ? { id: { in: only } } : {}) },
    select: { id: true, displayName: true, email: true, profilePhotoPath: true, timezone: true },
    orderBy: { displayName: 'asc' },
  });
}
