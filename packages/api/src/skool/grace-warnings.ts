import type { Logger } from '@hybridcoach/config';
import type { Db, SubscriptionStatus } from '@hybridcoach/db';
import { localTime } from '../housekeeping/local-time';
import type { Mailer } from '../notification/mailer';

const DAY_MS = 86_400_000;

interface Warned {
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
 * the same transaction as the Notifications. Emails go after the commit; one that fails is
 * logged, and the in-app notification still stands. The diff clears the flag when a grace
 * period ends by reactivation, so a later cancellation is warned again.
 */
export async function sendGraceWarnings(
  deps: { db: Db; mailer: Mailer; logger: Logger; publicUrl: string },
  options: { now: Date; warningDays: number },
): Promise<{ warned: number }> {
  const { now } = options;
  const horizon = new Date(now.getTime() + options.warningDays * DAY_MS);
  const warned = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Warned[]>`
      UPDATE "User" SET "membershipWarningShown" = true, "updatedAt" = ${now}::timestamptz
      WHERE "membershipWarningShown" = false
        AND "deletedAt" IS NULL
        AND "membershipEndDate" > ${now}::timestamptz
        AND "membershipEndDate" <= ${horizon}::timestamptz
        AND ("ultraSubscriptionStatus" = 'cancelled' OR "vagusSubscriptionStatus" = 'cancelled')
      RETURNING id, email, "displayName", timezone, "membershipEndDate", "ultraSubscriptionStatus",
                "vagusSubscriptionStatus"`;
    if (rows.length > 0) {
      await tx.notification.createMany({
        data: rows.map((u) => ({
          userId: u.id,
          type: 'membership_ending',
          title: 'Your membership access is ending',
          message: warningText(u),
          actionUrl: '/settings',
        })),
      });
    }
    return rows;
  });
  const site = deps.publicUrl;
  const results = await Promise.allSettled(
    warned.map((u) =>
      deps.mailer.send({
        to: u.email,
        subject: 'Your HybridCoach access is ending soon',
        text: `Hello ${u.displayName},\n\n${warningText(u)}\n\nRenew your membership in Skool to keep access. Your HybridCoach history stays either way.\n\n${site}/settings`,
      }),
    ),
  );
  results.forEach((r, i) => {
    if (r.status === 'rejected') {
      deps.logger.error({ err: r.reason, userId: warned[i]?.id }, 'could not email a membership warning');
    }
  });
  if (warned.length > 0) deps.logger.info({ warned: warned.length }, 'membership grace warnings sent');
  return { warned: warned.length };
}

function warningText(u: Warned): string {
  const communities = [
    u.ultraSubscriptionStatus === 'cancelled' ? 'Ultra' : null,
    u.vagusSubscriptionStatus === 'cancelled' ? 'Vagus' : null,
  ].filter(Boolean);
  const when = localTime(u.membershipEndDate, u.timezone);
  const role = u.ultraSubscriptionStatus === 'cancelled' ? 'coach ' : '';
  return `Your ${communities.join(' and ')} membership was cancelled. Your ${role}access to HybridCoach ends on ${when.localDate} at ${when.localTime} (${when.zone}).`;
}
