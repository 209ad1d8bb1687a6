import { type Db, openBio, openIntake, type Prisma, sealBio, sealIntake } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
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
    select: { sealedBio: true, sealedIntake: true, onboardingCompleted: true, onboardingCompletedAt: true },
  },
} satisfies Prisma.UserSelect;

/** The signed-in user's own profile and settings: their own intake and bio, opened for them. */
export async function getOwnProfile({ db, keys }: Deps<'db' | 'keys'>, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: profileSelect });
  const { profile, ...rest } = user;
  const intake = openIntake(keys, userId, profile?.sealedIntake);
  return {
    ...rest,
    bio: openBio(keys, userId, profile?.sealedBio) ?? user.skoolBio,
    onboarding: {
      completed: profile?.onboardingCompleted ?? false,
      completedAt: profile?.onboardingCompletedAt ?? null,
      ...intake,
    },
  };
}

export async function updateOwnProfile(
  deps: Deps<'db' | 'keys'>,
  userId: string,
  input: z.infer<typeof updateProfileInput>,
) {
  const sealedBio = sealBio(deps.keys, userId, input.bio || null);
  await deps.db.user.update({
    where: { id: userId },
    data: {
      displayName: input.displayName,
      timezone: input.timezone,
      profile: { upsert: { create: { sealedBio }, update: { sealedBio } } },
    },
  });
  return getOwnProfile(deps, userId);
}

export async function updateCoachSettings(
  deps: Deps<'db' | 'keys'>,
  coachId: string,
  input: z.infer<typeof updateCoachSettingsInput>,
) {
  await deps.db.user.update({
    where: { id: coachId },
    data: { isAvailable: input.isAvailable, coachName: input.coachName || null },
  });
  return getOwnProfile(deps, coachId);
}

/** Intake answers (sealed) and the confirmed time zone; completing it lets a client past the onboarding gate. */
export async function completeOnboarding(
  deps: Deps<'db' | 'keys'>,
  userId: string,
  input: z.infer<typeof onboardingInput>,
  now: Date,
) {
  const data = {
    onboardingCompleted: true,
    onboardingCompletedAt: now,
    sealedIntake: sealIntake(deps.keys, userId, {
      coachingGoals: input.coachingGoals,
      symptoms: input.symptoms || null,
      initialMood: input.initialMood,
    }),
  };
  await deps.db.$transaction([
    deps.db.profile.upsert({ where: { userId }, create: { userId, ...data }, update: data }),
    deps.db.user.update({ where: { id: userId }, data: { timezone: input.timezone } }),
  ]);
  return getOwnProfile(deps, userId);
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
