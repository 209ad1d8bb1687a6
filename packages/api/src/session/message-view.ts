import type { Prisma } from '@hybridcoach/db';

export const messageSelect = {
  id: true,
  kind: true,
  sender: true,
  userId: true,
  content: true,
  seq: true,
  spokenAt: true,
  confidence: true,
  isFinal: true,
  createdAt: true,
  user: { select: { displayName: true } },
} satisfies Prisma.MessageSelect;

type Row = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export interface MessageView {
  id: string;
  kind: Row['kind'];
  sender: Row['sender'];
  senderName: string;
  content: string;
  seq: number | null;
  spokenAt: Date | null;
  confidence: number | null;
  isFinal: boolean;
  createdAt: Date;
}

export function toMessageView(row: Row): MessageView {
  const { user, userId: _userId, ...rest } = row;
  return { ...rest, senderName: user?.displayName ?? (row.sender === 'ai' ? 'AI assistant' : 'HybridCoach') };
}

/** The payload of a `message` event: JSON-safe (dates as ISO strings). */
export function messageEventPayload(view: MessageView): Prisma.InputJsonValue {
  return { ...view, spokenAt: view.spokenAt?.toISOString() ?? null, createdAt: view.createdAt.toISOString() };
}
