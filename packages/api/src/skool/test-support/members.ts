import type { Community, Db } from '@hybridcoach/db';
import type { MemberSnapshot, SkoolMember } from '../member-snapshot';
import type { SkoolSyncSettings } from '../sync-settings';

export const testPolicy: SkoolSyncSettings = { gracePeriodDays: 7, warningDays: 3, maxCancelShare: 0.2 };

export function member(email: string, fields: Partial<SkoolMember> = {}): SkoolMember {
  return {
    skoolUserId: null,
    email,
    name: email.split('@')[0] ?? email,
    status: 'active',
    joinedAt: null,
    profileUrl: null,
    photoUrl: null,
    bio: null,
    ...fields,
  };
}

export function snapshot(community: Community, members: SkoolMember[], takenAt: Date): MemberSnapshot {
  return { community, takenAt, members, duplicatesMerged: 0 };
}

/** The membership columns a sync owns, for comparing states. */
export const membershipColumns = {
  email: true,
  role: true,
  skoolUltraEmail: true,
  skoolVagusEmail: true,
  ultraSubscriptionStatus: true,
  vagusSubscriptionStatus: true,
  membershipEndDate: true,
  membershipWarningShown: true,
  lastSkoolSync: true,
  skoolProfilePhotoUrl: true,
  deletedAt: true,
} as const;

export function membershipState(db: Db) {
  return db.user.findMany({ select: membershipColumns, orderBy: { email: 'asc' } });
}

export async function userByEmail(db: Db, email: string) {
  return db.user.findUniqueOrThrow({ where: { email } });
}
