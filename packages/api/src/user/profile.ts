import type { Db, Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import { savePhoto } from './photo-store';
import type { onboardingInput, updateCoachSettingsInput, updateProfileInput } from './schemas';

const profileSelect = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  timezone: true,
  profilePhotoPath: true,
  skoolBio: true,
  isAvailable: true,
  coachLevel: true,
  coachName: true,
  ultraSubscriptionStatus: true,
  vagusSubscriptionStatus: true,
  membershipEndDate: true,
  profile: {
    select: {
      bioJson: true,
      onboardingCompleted: true,
      onboardingCompletedAt: true,
      intakeCoachingGoals: true,
      intakeSymptoms: true,
      intakeInitialMood: true,
    },
  },
} satisfies Prisma.UserSelect;

export function bioText(bioJson: Prisma.JsonValue | undefined | null): string | null {
  return bioJson && typeof bioJson === 'object' && !Array.isArray(bioJson) && typeof bioJson.text === 'string'
    ? bioJson.text
    : null;
}

/** The signed-in user's own profile and settings. */
export async function getOwnProfile(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: profileSelect });
  const { profile, ...rest } = user;
  return {
    ...rest,
    bio: bioText(profile?.bioJson) ?? user.skoolBio,
    onboarding: {
      completed: profile?.onboardingCompleted ?? false,
      completedAt: profile?.onboardingCompletedAt ?? null,
      coachingGoals: profile?.intakeCoachingGoals ?? null,
      symptoms: profile?.intakeSymptoms ?? null,
      initialMood: profile?.intakeInitialMood ?? null,
    },
  };
}

export async function updateOwnProfile(db: Db, userId: string, input: z.infer<typeof updateProfileInput>) {
  const bioJson = input.bio ? { text: input.bio } : undefined;
  await db.user.update({
    where: { id: userId },
    data: {
      displayName: input.displayName,
      timezone: input.timezone,
      profile: { upsert: { create: { bioJson }, update: { bioJson: bioJson ?? { text: null } } } },
    },
  });
  return getOwnProfile(db, userId);
}

export async function updateCoachSettings(db: Db, coachId: string, input: z.infer<typeof updateCoachSettingsInput>) {
  await db.user.update({
    where: { id: coachId },
    data: { isAvailable: input.isAvailable, coachName: input.coachName || null },
  });
  return getOwnProfile(db, coachId);
}

/** Intake answers and the confirmed time zone; completing it lets a client past the onboarding gate. */
export async function completeOnboarding(db: Db, userId: string, input: z.infer<typeof onboardingInput>, now: Date) {
  const data = {
    onboardingCompleted: true,
    onboardingCompletedAt: now,
    intakeCoachingGoals: input.coachingGoals,
    intakeSymptoms: input.symptoms || null,
    intakeInitialMood: input.initialMood,
  };
  await db.$transaction([
    db.profile.upsert({ where: { userId }, create: { userId, ...data }, update: data }),
    db.user.update({ where: { id: userId }, data: { timezone: input.timezone } }),
  ]);
  return getOwnProfile(db, userId);
}

/** The member confirms a zone (the dashboard offers this device's when it differs from the saved one). */
export async function setOwnTimezone(db: Db, userId: string, timezone: string) {
  await db.user.update({ where: { id: userId }, data: { timezone } });
  return { timezone };
}

/** Stores an uploaded photo and makes it the user's profile photo. */
export async function setProfilePhoto(db: Db, userId: string, input: { photoDir: string; bytes: Uint8Array }) {
  const path = await savePhoto(input.photoDir, input.bytes);
  await db.user.update({ where: { id: userId }, data: { profilePhotoPath: path } });
  return { profilePhotoPath: path };
}
