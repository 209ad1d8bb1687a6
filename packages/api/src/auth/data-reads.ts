import type { Db, Prisma } from '@hybridcoach/db';
import type { Principal } from '../core/principal';
import { recordAudit } from './audit';

/**
 * The health data a read can reveal: intake and context, a session's transcript and chat, a
 * coach and client's messages between sessions, or everything (an export).
 */
export type HealthData = 'context' | 'transcript' | 'messages' | 'export';

/**
 * Records that someone other than the client read the client's health data (HIPAA §164.312(b)
 * expects reads to be recorded): who, whose, what, when. A client reading their own is not
 * recorded. Written before the data is returned, so no read goes unrecorded.
 */
export async function recordHealthDataRead(
  db: Db | Prisma.TransactionClient,
  entry: { reader: Principal; clientId: string; what: HealthData; appointmentId?: string; reason?: string },
): Promise<void> {
  const { reader } = entry;
  if (reader.kind === 'user' && reader.userId === entry.clientId) return;
  await recordAudit(db, {
    action: 'data.read',
    userId: entry.clientId,
    actorId: reader.kind === 'user' ? reader.userId : null,
    targetId: entry.appointmentId ?? null,
    metadata: {
      what: entry.what,
      by: reader.kind === 'user' ? reader.role : reader.kind === 'service' ? reader.service : 'anonymous',
      ...(entry.reason ? { reason: entry.reason } : {}),
    },
  });
}
