import { z } from 'zod';

export const listNotificationsInput = z.object({
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(64).nullish(),
  unreadOnly: z.boolean().default(false),
});

export const markReadInput = z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) });

/**
 * What a notification is about, as a person chooses how to hear of it: every topic is always
 * in the app (the bell, the messages badge); each can also come by email, which is the default.
 * Sign-in codes and payment receipts are not topics: they always come by email.
 */
export const notificationTopic = z.enum(['appointments', 'reminders', 'messages', 'membership']);
export type NotificationTopic = z.infer<typeof notificationTopic>;

/** A BCP 47 language tag the runtime can format dates in, or null for the default (en-US). */
export const localeInput = z
  .string()
  .trim()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en-US')
  .refine((tag) => {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
    } catch {
      return false;
    }
  }, 'is not a language this server can write dates in');

export const updatePreferencesInput = z.object({
  /** Topics whose email is switched on (true) or off (false); topics left out keep their setting. */
  email: z.partialRecord(notificationTopic, z.boolean()).default({}),
  locale: localeInput.nullish(),
});
