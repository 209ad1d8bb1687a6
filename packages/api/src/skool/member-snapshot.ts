import type { Community, SubscriptionStatus } from '@hybridcoach/db';
import { z } from 'zod';

/** One member of a Skool community as a `SkoolSource` sees it. */
export interface SkoolMember {
  /** Skool's own id when the source has it; we do not store it, so matching is by email. */
  skoolUserId: string | null;
  /** Lower-cased and trimmed. */
  email: string;
  name: string;
  status: SubscriptionStatus;
  joinedAt: Date | null;
  profileUrl: string | null;
  photoUrl: string | null;
  bio: string | null;
}

/** Every member of one community at one instant: what every `SkoolSource` yields. */
export interface MemberSnapshot {
  community: Community;
  takenAt: Date;
  members: SkoolMember[];
  /** Rows folded into an earlier row for the same email (CSV exports repeat people); 0 elsewhere. */
  duplicatesMerged: number;
}

const nullableText = z.string().trim().min(1).nullable();
const nullableHttpUrl = z.string().trim().pipe(z.httpUrl()).nullable();

/** Validates (and normalises: trims, lower-cases the email) one member from any source. */
export const skoolMemberSchema = z.object({
  skoolUserId: nullableText,
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  status: z.enum(['active', 'cancelled', 'expired']),
  joinedAt: z.date().nullable(),
  profileUrl: nullableHttpUrl,
  photoUrl: nullableHttpUrl,
  bio: z.string().nullable(),
}) satisfies z.ZodType<SkoolMember>;

const statusStrength: Record<SubscriptionStatus, number> = { active: 2, cancelled: 1, expired: 0 };

/** The status that says the most access: active > cancelled > expired. */
export function strongerStatus(a: SubscriptionStatus, b: SubscriptionStatus): SubscriptionStatus {
  return statusStrength[b] > statusStrength[a] ? b : a;
}

/**
 * Folds members listed more than once (same email) into the first listing: the strongest
 * status, and for every other field the first non-empty value. Order of first appearance is kept.
 */
export function mergeDuplicateMembers(members: readonly SkoolMember[]): {
  members: SkoolMember[];
  duplicatesMerged: number;
} {
  const byEmail = new Map<string, SkoolMember>();
  let duplicatesMerged = 0;
  for (const member of members) {
    const first = byEmail.get(member.email);
    if (!first) {
      byEmail.set(member.email, { ...member });
      continue;
    }
    duplicatesMerged += 1;
    first.status = strongerStatus(first.status, member.status);
    first.name = first.name || member.name;
    first.skoolUserId ??= member.skoolUserId;
    first.joinedAt ??= member.joinedAt;
    first.profileUrl ??= member.profileUrl;
    first.photoUrl ??= member.photoUrl;
    first.bio ??= member.bio;
  }
  return { members: [...byEmail.values()], duplicatesMerged };
}
