import { z } from 'zod';

/** A message between sessions as it crosses the wire. */
export const directMessageView = z.object({
  /** Decimal string of the message id: ids only grow, and the live stream resumes after one. */
  id: z.string(),
  threadId: z.string(),
  senderId: z.string(),
  body: z.string(),
  createdAt: z.coerce.date(),
});
export type DirectMessageView = z.infer<typeof directMessageView>;

/**
 * Everything a person's inbox stream (`messages.events`) carries, one variant per kind. The web
 * app infers it from the router; there is no other description of these events.
 */
export const inboxEvent = z.discriminatedUnion('type', [
  /** A message arrived in (or was sent from) one of the person's threads. Carries an SSE id. */
  z.object({ type: z.literal('message'), message: directMessageView }),
  /** How many messages are unread, in all and per thread: on connect and whenever it changes. */
  z.object({
    type: z.literal('unread'),
    total: z.number().int().nonnegative(),
    threads: z.record(z.string(), z.number().int().positive()),
  }),
]);
export type InboxEvent = z.infer<typeof inboxEvent>;

export function toView(row: {
  id: bigint;
  relationshipId: string;
  senderId: string;
  body: string;
  createdAt: Date;
}): DirectMessageView {
  return {
    id: row.id.toString(),
    threadId: row.relationshipId,
    senderId: row.senderId,
    body: row.body,
    createdAt: row.createdAt,
  };
}
