import type { SubscriptionStatus } from '@hybridcoach/db';
import { z } from 'zod';
import { type SkoolMember, skoolMemberSchema } from './member-snapshot';

const optionalText = z.string().trim().min(1).nullish();

/** A member as JSON sources send it (webhook events, the members endpoint). */
export const memberJsonSchema = z.object({
  email: z.string(),
  name: optionalText,
  status: z.enum(['active', 'cancelled', 'expired']).nullish(),
  id: optionalText,
  joinedAt: z.iso.datetime({ offset: true }).nullish(),
  profileUrl: optionalText,
  photoUrl: optionalText,
  bio: z.string().nullish(),
});
export type MemberJson = z.infer<typeof memberJsonSchema>;

/** Validates and normalises one JSON member with the same rules as a CSV row. */
export function toSkoolMember(
  json: MemberJson,
  status: SubscriptionStatus,
): { ok: true; member: SkoolMember } | { ok: false; issues: z.core.$ZodIssue[] } {
  const parsed = skoolMemberSchema.safeParse({
    skoolUserId: json.id ?? null,
    email: json.email,
    name: json.name ?? json.email.trim().split('@')[0] ?? 'member',
    status,
    joinedAt: json.joinedAt ? new Date(json.joinedAt) : null,
    profileUrl: json.profileUrl ?? null,
    photoUrl: json.photoUrl ?? null,
    bio: json.bio ?? null,
  });
  return parsed.success ? { ok: true, member: parsed.data } : { ok: false, issues: parsed.error.issues };
}
