import type { Db, Role } from '@hybridcoach/db';

/**
 * The role of a signed-in browser's user now, or null when its session no longer stands
 * (signed out, revoked, expired, its user deleted). Long-lived streams ask this again while
 * they run: access checked once, at subscribe, would outlive a sign-out or a lost role.
 */
export async function liveSessionRole(db: Db, userSessionId: string, now: Date): Promise<Role | null> {
  const session = await db.userSession.findFirst({
    where: { id: userSessionId, isActive: true, expiresAt: { gt: now }, user: { deletedAt: null } },
    select: { user: { select: { role: true } } },
  });
  return session?.user.role ?? null;
}
