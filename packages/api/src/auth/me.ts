import type { Db } from '@hybridcoach/db';
import type { Principal } from '../core/principal';

/** Who is signed in, with what the SPA needs on every page; null when signed out. */
export async function currentUser(db: Db, principal: Principal) {
  if (principal.kind !== 'user') return null;
  const user = await db.user.findUnique({
    where: { id: principal.userId },
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      timezone: true,
      profilePhotoPath: true,
      profile: { select: { onboardingCompleted: true } },
    },
  });
  if (!user) return null;
  const { profile, ...rest } = user;
  return { ...rest, needsOnboarding: user.role === 'client' && !profile?.onboardingCompleted };
}
