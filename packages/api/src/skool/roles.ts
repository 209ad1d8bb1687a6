import type { Role, SubscriptionStatus } from '@hybridcoach/db';

export interface MembershipFacts {
  email: string;
  ultraSubscriptionStatus: SubscriptionStatus | null;
  vagusSubscriptionStatus: SubscriptionStatus | null;
  /** End of the grace period after a cancellation. */
  membershipEndDate: Date | null;
  /** Made admin by the one-time setup link (not by ADMIN_EMAILS). */
  adminGrantedAt: Date | null;
}

/** Admins: the addresses in ADMIN_EMAILS, and whoever the setup link made admin. */
export function isAdmin(user: Pick<MembershipFacts, 'email' | 'adminGrantedAt'>, adminEmails: ReadonlySet<string>) {
  return user.adminGrantedAt !== null || adminEmails.has(user.email.toLowerCase());
}

/**
 * Seed 000's `determineUserRole`, plus admins (see isAdmin): an active Ultra member is a
 * coach; a cancelled Ultra member is still a coach until the grace period ends; an active
 * Vagus member is a client; everyone else is a client.
 */
export function determineUserRole(user: MembershipFacts, adminEmails: ReadonlySet<string>, now: Date): Role {
  if (isAdmin(user, adminEmails)) return 'admin';
  if (user.ultraSubscriptionStatus === 'active') return 'coach';
  if (user.ultraSubscriptionStatus === 'cancelled' && user.membershipEndDate && user.membershipEndDate > now) {
    return 'coach';
  }
  if (user.vagusSubscriptionStatus === 'active') return 'client';
  return 'client';
}

/** Whether a member may sign in with a Skool code: active, or cancelled but still in grace. */
export function isMemberInGoodStanding(user: MembershipFacts, now: Date): boolean {
  const statuses = [user.ultraSubscriptionStatus, user.vagusSubscriptionStatus];
  if (statuses.includes('active')) return true;
  return statuses.includes('cancelled') && user.membershipEndDate !== null && user.membershipEndDate > now;
}
