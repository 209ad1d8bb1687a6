import type { Db } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import { appendEvent } from './events';
import { assembleTranscript } from './transcript';

export type CompletedBy = 'agent' | 'coach' | 'admin' | 'room_finished' | 'sweeper';

/**
 * Ends an appointment's session, once: the appointment becomes completed, every Session row
 * gets its end time, the assembled transcript and — when given — the summary. Calling it again
 * (the coach ends it, then the room finishes, then the agent sends its summary) changes only
 * what is still missing and announces nothing twice.
 */
export async function completeSession(
  db: Db,
  input: { appointmentId: string; by: CompletedBy; summary?: string | null; now: Date },
) {
  return db.$transaction(async (tx) => {
    // Serialise with events and other completions of this appointment.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`complete:${input.appointmentId}`}))`;
    const appointment = await tx.appointment.findUnique({
      where: { id: input.appointmentId },
      select: { status: true },
    });
    if (!appointment) throw new DomainError('NOT_FOUND', 'No appointment with that id.');
    if (appointment.status === 'cancelled')
      throw new DomainError('BAD_REQUEST', 'A cancelled session cannot be completed.');
    if (appointment.status === 'scheduled') throw new DomainError('BAD_REQUEST', 'This session has not started.');
    const first = appointment.status !== 'completed';
    if (first) await tx.appointment.update({ where: { id: input.appointmentId }, data: { status: 'completed' } });
    const transcript = await assembleTranscript(tx, input.appointmentId);
    await tx.session.updateMany({
      where: { appointmentId: input.appointmentId, endedAt: null },
      data: { endedAt: input.now },
    });
    await tx.session.updateMany({
      where: { appointmentId: input.appointmentId },
      data: { status: 'completed', transcript, ...(input.summary ? { aiSummary: input.summary } : {}) },
    });
    if (first)
      await appendEvent(tx, input.appointmentId, 'state', {
        status: 'completed',
        by: input.by,
        at: input.now.toISOString(),
      });
    return { alreadyCompleted: !first };
  });
}
