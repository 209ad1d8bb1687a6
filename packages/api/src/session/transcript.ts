import type { Db, Prisma } from '@hybridcoach/db';

/** The readable transcript: final segments in spoken order, one "Speaker: text" line each. */
export async function assembleTranscript(db: Db | Prisma.TransactionClient, appointmentId: string): Promise<string> {
  const segments = await db.message.findMany({
    where: { session: { appointmentId }, kind: 'transcript', isFinal: true },
    orderBy: [{ spokenAt: 'asc' }, { seq: 'asc' }, { createdAt: 'asc' }],
    select: { sender: true, content: true, user: { select: { displayName: true } } },
  });
  return segments
    .map((s) => `${s.user?.displayName ?? (s.sender === 'ai' ? 'AI assistant' : s.sender)}: ${s.content}`)
    .join('\n');
}
