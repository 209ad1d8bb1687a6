import type { Db } from '@hybridcoach/db';
import type { z } from 'zod';
import type { listNotificationsInput, markReadInput } from './schemas';

/** A user's notifications, newest first; page with `cursor: nextCursor`. */
export async function listNotifications(db: Db, userId: string, input: z.infer<typeof listNotificationsInput>) {
  const rows = await db.notification.findMany({
    where: { userId, ...(input.unreadOnly ? { isRead: false } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export function unreadCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, isRead: false } });
}

/** Marks some (or, without ids, all) of the user's unread notifications read. */
export async function markRead(
  db: Db,
  userId: string,
  input: Partial<z.infer<typeof markReadInput>> & { now: Date },
): Promise<{ marked: number }> {
  // Scoped to the caller: someone else's ids simply match nothing.
  const { count } = await db.notification.updateMany({
    where: { userId, isRead: false, ...(input.ids ? { id: { in: input.ids } } : {}) },
    data: { isRead: true, readAt: input.now },
  });
  return { marked: count };
}
