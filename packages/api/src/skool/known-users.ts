import type { Community, Prisma } from '@hybridcoach/db';
import type { SkoolMember } from './member-snapshot';
import { type KnownUser, knownUserFields } from './skool-diff';

type Tx = Prisma.TransactionClient;

export type SyncedUser = KnownUser & { lastSkoolSync: Date | null };

const syncedUserFields = { ...knownUserFields, lastSkoolSync: true } as const;

/**
 * Every user, soft-deleted ones included: a member whose email belongs to a deleted user must
 * match that user, or the plan would create a second account and fail on the unique email.
 * One statement, ordered so that the same data always yields the same plan (and fingerprint).
 */
export function loadKnownUsers(tx: Tx): Promise<SyncedUser[]> {
  return tx.user.findMany({ select: syncedUserFields, orderBy: { id: 'asc' } });
}

/** The users one member can match (by sign-in email or either Skool email), deleted ones included. */
export function loadUsersMatching(tx: Tx, email: string): Promise<SyncedUser[]> {
  const insensitive = { equals: email, mode: 'insensitive' as const };
  return tx.user.findMany({
    select: syncedUserFields,
    where: { OR: [{ email: insensitive }, { skoolUltraEmail: insensitive }, { skoolVagusEmail: insensitive }] },
    orderBy: { id: 'asc' },
  });
}

/**
 * Users a snapshot lists (matched the way the diff matches: any of their three emails), whose
 * `lastSkoolSync` moves forward even when nothing else about them changed.
 */
export function listedUserIds(users: readonly KnownUser[], members: readonly SkoolMember[]): string[] {
  const listed = new Set(members.map((m) => m.email.trim().toLowerCase()));
  const emailsOf = (u: KnownUser) => [u.email, u.skoolUltraEmail, u.skoolVagusEmail];
  return users
    .filter((u) => emailsOf(u).some((e) => e !== null && listed.has(e.trim().toLowerCase())))
    .map((u) => u.id);
}

/**
 * Serialises every Skool write (full syncs of either community, webhook events, CSV applies)
 * across processes: the ultra and vagus syncs both write `role` and `membershipEndDate`, so
 * two at once could each decide from the other's stale half.
 */
export async function lockSkoolSync(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('skool-sync'))`;
}

export const COMMUNITIES: readonly Community[] = ['ultra', 'vagus'];
