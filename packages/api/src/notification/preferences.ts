import { type Db, Prisma, sqlRows } from '@hybridcoach/db';
import type { z } from 'zod';
import { type NotificationTopic, notificationTopic, type updatePreferencesInput } from './schemas';

type Reader = Db | Prisma.TransactionClient;

/** The locale emails and notifications use for someone who chose none. */
export const DEFAULT_LOCALE = 'en-US';

export interface Delivery {
  /** The locale this person reads dates in. */
  locale: string;
  /** Whether they want this topic by email too (the default), or in the app only. */
  email: boolean;
}

/**
 * For each of `userIds`: the locale to write their text in, and whether to email them about
 * `topic`. One query for any number of recipients; an unknown id is simply absent.
 */
export async function deliveryFor(
  db: Reader,
  userIds: string[],
  topic: NotificationTopic,
): Promise<Map<string, Delivery>> {
  // One statement (it is on the booking path): Prisma would read the preferences relation apart.
  const users = await sqlRows<{ id: string; locale: string | null; email: boolean | null }>(
    db,
    Prisma.sql`
      SELECT u.id, u.locale, p.email
      FROM "User" u LEFT JOIN "NotificationPreference" p ON p."userId" = u.id AND p.topic = ${topic}
      WHERE u.id = ANY(${[...new Set(userIds)]}::text[])`,
  );
  return new Map(users.map((u) => [u.id, { locale: u.locale ?? DEFAULT_LOCALE, email: u.email ?? true }]));
}

export interface NotificationPreferences {
  /** The chosen locale, or null for the default. */
  locale: string | null;
  email: Record<NotificationTopic, boolean>;
}

export async function preferencesOf(db: Db, userId: string): Promise<NotificationPreferences> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { locale: true, notificationPreferences: { select: { topic: true, email: true } } },
  });
  const chosen = new Map(user.notificationPreferences.map((p) => [p.topic, p.email]));
  const email = Object.fromEntries(notificationTopic.options.map((t) => [t, chosen.get(t) ?? true])) as Record<
    NotificationTopic,
    boolean
  >;
  return { locale: user.locale, email };
}

/** Saves the topics given (and the locale, when given) in one transaction; returns the result. */
export async function updatePreferences(
  db: Db,
  userId: string,
  input: z.infer<typeof updatePreferencesInput>,
): Promise<NotificationPreferences> {
  const entries = Object.entries(input.email) as [NotificationTopic, boolean][];
  await db.$transaction([
    ...entries.map(([topic, email]) =>
      db.notificationPreference.upsert({
        where: { userId_topic: { userId, topic } },
        create: { userId, topic, email },
        update: { email },
      }),
    ),
    ...(input.locale !== undefined ? [db.user.update({ where: { id: userId }, data: { locale: input.locale } })] : []),
  ]);
  return preferencesOf(db, userId);
}
