import type { Db, Prisma } from '@hybridcoach/db';
import { senderName } from './message-view';

/** The readable transcript: final segments in spoken order, one "Speaker: text" line each. */
export async function assembleTranscript(db: Db | Prisma.TransactionClient, sessionId: string): Promise<string> {
  const segments = await db.message.findMany({
    where: { sessionId, kind: 'transcript', isFinal: true },
    orderBy: [{ spokenAt: 'asc' }, { seq: 'asc' }, { createdAt: 'asc' }],
    select: { sender: true, content: true, user: { select: { displayName: true } } },
  });
  return segments.map((s) => `${senderName(s.sender, s.user?.displayName)}: ${s.content}`).join('\n');
}
