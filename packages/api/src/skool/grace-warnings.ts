import type { Logger } from '@hybridcoach/config';
import type { Db, SubscriptionStatus } from '@hybridcoach/db';
import { formatWhen } from '../format';
import { emailFooter } from '../notification/email-footer';
import type { Mailer } from '../notification/mailer';
import { DEFAULT_LOCALE, deliveryFor } from '../notification/preferences';
import { emailWhereWanted } from '../notification/topic-email';

const DAY_MS = 86_400_000;

export interface Warned {
  id: string;
  email: string;
  displayName: string;
  timezone: string;
  membershipEndDate: Date;
  ultraSubscriptionStatus: SubscriptionStatus | null;
  vagusSubscriptionStatus: SubscriptionStatus | null;
}

/**
 * Warns each cancelled member whose grace period ends within `warningDays`, once per grace
 * period: the flag is claimed by a conditional UPDATE (two runs at once warn nobody twice) in
 * the same transaction as the Notifications. Emails go after the commit to those who want
 * membership news by email; one that fails is logged, and the in-app notification still stands.
 * The diff clears the flag when a grace period ends by reactivation, so a later cancellation is
 * warned again.
 */
export async function sendGraceWarnings(
  deps: { db: Db; mailer: Mailer; logger: Logger; publicUrl: string },
  options: { now: Date; warningDays: number },
): Promise<{ warned: number }> {
  const { now } = options;
  const horizon = new Date(now.getTime() + options.warningDays * DAY_MS);
  const { warned, deliveries } = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Warned[]>`
      UPDATE "User" SET "membershipWarningShown" = true, "updatedAt" = ${now}::timestamptz
      WHERE "membershipWarningShown" = false
        AND "deletedAt" IS NULL
        AND "membershipEndDate" > ${now}::timestamptz
        AND "membershipEndDate" <= ${horizon}::timestamptz
        AND ("ultraSubscriptionStatus" = 'cancelled' OR "vagusSubscriptionStatus" = 'cancelled')
      RETURNING id, email, "displayName", timezone, "membershipEndDate", "ultraSubscriptionStatus",
                "vagusSubscriptionStatus"`;
    const deliveries = await deliveryFor(
      tx,
      rows.map((u) => u.id),
      'membership',
    );
    if (rows.length > 0) {
      await tx.notification.createMany({
        data: rows.map((u) => ({
          userId: u.id,
          type: 'membership_ending',
          title: 'Your membership access is ending',
          message: warningText(u, deliveries.get(u.id)?.locale ?? DEFAULT_LOCALE, now),
          actionUrl: '/settings',
        })),
      });
    }
    return { warned: rows, deliveries };
  });
  const site = deps.publicUrl;
  await emailWhereWanted(
    deps,
    deliveries,
    warned.map((u) => ({
      userId: u.id,
      message: {
        to: u.email,
        subject: 'Your HybridCoach access is ending soon',
        text: `Hello ${u.displayName},\n\n${warningText(u, deliveries.get(u.id)?.locale ?? DEFAULT_LOCALE, now)}\n\nRenew your membership in Skool to keep access. Your HybridCoach history stays either way.\n\n${site}/settings\n\n${emailFooter(site)}`,
      },
    })),
  );
  if (warned.length > 0) deps.logger.info({ warned: warned.length }, 'membership grace warnings sent');
  return { warned: warned.length };
}

/** "… ends on Tue, Dec 1 · 9:00 AM EST." in the member's zone and locale. */
export function warningText(u: Warned, locale: string, now: Date): string {
  const communities = [
    u.ultraSubscriptionStatus === 'cancelled' ? 'Ultra' : null,
    u.vagusSubscriptionStatus === 'cancelled' ? 'Vagus' : null,
  ].filter(Boolean);
  const when = formatWhen(u.membershipEndDate, { timeZone: u.timezone, locale, now });
  const role = u.ultraSubscriptionStatus === 'cancelled' ? 'coach ' : '';
  return `Your ${communities.join(' and ')} membership was cancelled. Your ${role}access to HybridCoach ends on ${when}.`;
}
