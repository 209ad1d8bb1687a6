import type { Prisma } from '@hybridcoach/db';
import { z } from 'zod';

/** Who spoke or wrote (seed 000's `sender`), and what kind of line it is. */
export const messageSender = z.enum(['client', 'coach', 'admin', 'ai', 'system']);
export const messageKind = z.enum(['chat', 'transcript', 'system']);

/** A chat line, transcript segment or system note as every reader sees it (room, history, agent). */
export const messageView = z.object({
  id: z.string(),
  kind: messageKind,
  sender: messageSender,
  /** The person's display name; "AI assistant" or "HybridCoach" for the agent and the system. */
  senderName: z.string(),
  content: z.string(),
  seq: z.number().int().nullable(),
  spokenAt: z.coerce.date().nullable(),
  confidence: z.number().nullable(),
  isFinal: z.boolean(),
  createdAt: z.coerce.date(),
});

export type MessageView = z.infer<typeof messageView>;
export type MessageSender = z.infer<typeof messageSender>;

export const messageSelect = {
  id: true,
  kind: true,
  sender: true,
  content: true,
  seq: true,
  spokenAt: true,
  confidence: true,
  isFinal: true,
  createdAt: true,
  user: { select: { displayName: true } },
} satisfies Prisma.MessageSelect;

type Row = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export function senderName(sender: MessageSender, displayName: string | null | undefined): string {
  return displayName ?? (sender === 'ai' ? 'AI assistant' : 'HybridCoach');
}

export function toMessageView(row: Row): MessageView {
  const { user, ...rest } = row;
  return { ...rest, senderName: senderName(row.sender, user?.displayName) };
}
