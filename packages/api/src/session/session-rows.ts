import type { Db, Prisma } from '@hybridcoach/db';

type Reader = Db | Prisma.TransactionClient;

/**
 * The session of record for an appointment's shared data (transcript, timer): its earliest
 * Session row. Chat stays on each sender's own row; reading always goes by appointment.
 */
export async function primarySession(db: Reader, appointmentId: string) {
  return db.session.findFirst({ where: { appointmentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}
