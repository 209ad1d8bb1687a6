import type { Db } from '@hybridcoach/db';

export const memberFields = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  deletedAt: true,
  ultraSubscriptionStatus: true,
  vagusSubscriptionStatus: true,
  membershipEndDate: true,
  adminGrantedAt: true,
} as const;

/** A user by any of their addresses: the account email or a Skool community email. */
export function findMemberByEmail(db: Db, email: string) {
  return db.user.findFirst({
    where: { deletedAt: null, OR: [{ email }, { skoolUltraEmail: email }, { skoolVagusEmail: email }] },
    select: memberFields,
  });
}
