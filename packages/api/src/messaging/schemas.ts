import { z } from 'zod';

/** The longest message between sessions, in characters. */
export const DIRECT_MESSAGE_MAX_LENGTH = 4000;

/** A thread is the coach–client relationship it belongs to: its id is the relationship's. */
export const threadIdInput = z.object({ threadId: z.string().min(1).max(64) });

export const sendDirectMessageInput = z.object({
  threadId: z.string().min(1).max(64),
  body: z
    .string()
    .trim()
    .min(1, 'Write a message first')
    .max(DIRECT_MESSAGE_MAX_LENGTH, `Keep it under ${DIRECT_MESSAGE_MAX_LENGTH} characters`),
});

/** A message id as the wire carries it (a decimal string: ids are 64-bit). */
const messageId = z.string().regex(/^\d{1,19}$/, 'must be a message id');

export const threadInput = z.object({
  threadId: z.string().min(1).max(64),
  /** Older messages than this one (paging back); none: the newest. */
  before: messageId.nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const markThreadReadInput = z.object({ threadId: z.string().min(1).max(64), upToId: messageId });

export const inboxEventsInput = z.object({ lastEventId: messageId.nullish() }).default({});
