/**
 * A person's inbox as its live stream describes it: `messages.events` yields new messages and
 * unread counts. Every type here is inferred from the router; the server's event union is the
 * only description of an event. Pure, so it is tested without a browser.
 */
import type { RouterOutputs } from '../../lib/api-types';

export type InboxFeedEvent = RouterOutputs['messages']['events'] extends AsyncIterable<infer Tracked> ? Tracked : never;
export type InboxEvent = InboxFeedEvent['data'];
export type DirectMessage = Extract<InboxEvent, { type: 'message' }>['message'];
export type UnreadSummary = RouterOutputs['messages']['unread'];
export type ThreadPage = RouterOutputs['messages']['thread'];

/** A thread page with one more message: in id order, once. */
export function withMessage(page: ThreadPage, message: DirectMessage): ThreadPage {
  if (message.threadId !== page.thread.id || page.messages.some((m) => m.id === message.id)) return page;
  const messages = [...page.messages, message];
  // Almost always already last; ids are decimal strings of growing 64-bit numbers.
  messages.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
  return { ...page, messages };
}

/** The newest message someone else wrote that the reader has not marked read, if any. */
export function newestUnreadFromOthers(page: ThreadPage, me: string): DirectMessage | null {
  const last = page.messages.at(-1);
  if (!last || BigInt(last.id) <= BigInt(page.lastReadId)) return null;
  return page.messages.some((m) => m.senderId !== me && BigInt(m.id) > BigInt(page.lastReadId)) ? last : null;
}
