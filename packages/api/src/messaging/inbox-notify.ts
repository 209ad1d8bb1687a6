import type { Prisma } from '@hybridcoach/db';

/**
 * The NOTIFY channel of people's inboxes. Its payload says only "user X has news" (a message
 * or a read mark); their streams then read the tables, so a missed or merged notification
 * loses nothing. Delivered at commit, like the session events.
 */
export const INBOX_CHANNEL = 'hc_inbox_events';

export async function notifyInboxes(tx: Prisma.TransactionClient, userIds: string[]): Promise<void> {
  for (const userId of new Set(userIds)) {
    await tx.$executeRaw`SELECT pg_notify(${INBOX_CHANNEL}, ${JSON.stringify({ userId })})`;
  }
}
