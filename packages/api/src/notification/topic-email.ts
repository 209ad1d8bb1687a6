import type { Logger } from '@hybridcoach/config';
import type { Mailer, MailMessage } from './mailer';
import type { Delivery } from './preferences';

export interface TopicMail {
  userId: string;
  message: MailMessage;
}

/**
 * Sends the mails whose recipient wants their topic by email (`deliveries` from `deliveryFor`)
 * and skips the rest: the in-app notification is their copy. A failed send is logged and does
 * not stop the others; the change it announces has already happened.
 */
export async function emailWhereWanted(
  deps: { mailer: Mailer; logger: Logger },
  deliveries: Map<string, Delivery>,
  mails: TopicMail[],
): Promise<{ sent: number; skipped: number; failed: number }> {
  const wanted = mails.filter((m) => deliveries.get(m.userId)?.email === true);
  const results = await Promise.allSettled(wanted.map((m) => deps.mailer.send(m.message)));
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === 'rejected') {
      failed++;
      deps.logger.error({ err: r.reason, to: wanted[i]?.userId, subject: wanted[i]?.message.subject }, 'email failed');
    }
  });
  return { sent: wanted.length - failed, skipped: mails.length - wanted.length, failed };
}
