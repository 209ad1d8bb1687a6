import { z } from 'zod';
import { isKnownTimeZone } from '../core/time-zones';

/** An IANA zone the runtime knows (checked once per name: see time-zones.ts). */
export const timezoneSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64)
  .refine(
    (tz) => (tz.includes('/') || tz === 'UTC') && isKnownTimeZone(tz),
    'is not a known IANA timezone (like Europe/London)',
  );

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const updateProfileInput = z.object({
  displayName: text(80).min(1, 'is required'),
  timezone: timezoneSchema,
  bio: text(2000).nullable(),
});

export const updateCoachSettingsInput = z.object({
  isAvailable: z.boolean(),
  coachName: text(80).nullable(),
});

export const setCoachLevelInput = z.object({
  coachId: z.string().min(1).max(64),
  coachLevel: z.number().int().min(1, 'must be 1–5').max(5, 'must be 1–5').nullable(),
});

export const uploadPhotoInput = z.object({
  // 2 MiB of image is at most ~2.8 MB of base64.
  dataBase64: z
    .string()
    .min(1, 'is required')
    .max(2_900_000, 'is larger than 2 MB')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'is not base64'),
});

export const onboardingInput = z.object({
  coachingGoals: text(2000).min(3, 'tell us a little more (at least 3 characters)'),
  symptoms: text(2000),
  initialMood: z.number().int('must be a whole number').min(1, 'must be 1–5').max(5, 'must be 1–5'),
  /** Detected by the browser and confirmed by the member (accounts start on UTC). */
  timezone: timezoneSchema,
});

export const setTimezoneInput = z.object({ timezone: timezoneSchema });

export const clientIdInput = z.object({ clientId: z.string().trim().min(1, 'is required').max(64) });

const listOfFacts = z.array(text(300).min(1, 'cannot be empty')).max(50, 'at most 50 entries');

export const updateClientContextInput = clientIdInput.extend({
  clientFacts: listOfFacts,
  challenges: listOfFacts,
  preferences: z.record(z.string().max(60), z.union([z.string().max(300), z.number(), z.boolean()])).nullable(),
  contextNotes: text(5000).nullable(),
});
