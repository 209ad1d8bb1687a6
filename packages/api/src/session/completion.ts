import type { Db } from '@hybridcoach/db';
import { endClaims } from '../agent/claim-history';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { requestPostSession } from '../post-session/requests';
import { appendEvent } from './events';
import type { CompletedBy } from './live-events';
import { closeOpenStays } from './presence';
import { roomAccess } from './room-access';
import { forgetSignals } from './signalling';
import { assembleTranscript } from './transcript';

/**
 * Ends an appointment's session, once, in one transaction: the appointment becomes completed,
 * the meeting record gets its end and the assembled transcript, open stays in the room end (and
 * the peer-to-peer call's signals, which carry network addresses, are deleted), the
 * agent's assignment is done and its claim ends (nothing spoken later is accepted) whoever
 * completed it, and the worker is asked for the post-session work (summary, topics, the client's
 * last summary). Calling it again (the coach ends it, then the room finishes, then the agent)
 * changes only what is still missing and announces nothing twice.
 */
export async function completeSession(db: Db, input: { appointmentId: string; by: CompletedBy; now: Date }) {
  return db.$transaction(async (tx) => {
    // Serialise with events and other completions of this appointment.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`complete:${input.appointmentId}`}))`;
    const appointment = await tx.appointment.findUnique({
      where: { id: input.appointmentId },
      select: { status: true, scheduledFor: true, session: { select: { id: true, endedAt: true } } },
    });
    if (!appointment) throw new DomainError('NOT_FOUND', 'No appointment with that id.');
    if (appointment.status === 'cancelled')
      throw new DomainError('BAD_REQUEST', 'A cancelled session cannot be completed.');
    if (appointment.status === 'scheduled') throw new DomainError('BAD_REQUEST', 'This session has not started.');
    const first = appointment.status !== 'completed';
    // A live appointment always has its record (joining made it); one set live by other means
    // still ends with one, so that nothing about it is lost.
    const session =
      appointment.session ??
      (await tx.session.create({
        data: { appointmentId: input.appointmentId, startedAt: appointment.scheduledFor },
        select: { id: true, endedAt: true },
      }));
    const sessionId = session.id;
    if (first) {
      await tx.appointment.update({ where: { id: input.appointmentId }, data: { status: 'completed' } });
      await closeOpenStays(tx, input.appointmentId, input.now);
      await forgetSignals(tx, input.appointmentId);
      await endClaims(tx, { appointmentIds: [input.appointmentId], now: input.now });
      await requestPostSession(tx, input.appointmentId, input.now);
    }
    await tx.session.update({
      where: { id: sessionId },
      data: { endedAt: session.endedAt ?? input.now, transcript: await assembleTranscript(tx, sessionId) },
    });
    await tx.agentAssignment.updateMany({
      where: { appointmentId: input.appointmentId, status: { not: 'done' } },
      data: { status: 'done', leaseExpiresAt: null },
    });
    if (first)
      await appendEvent(tx, input.appointmentId, { type: 'state', status: 'completed', by: input.by, at: input.now });
    return { alreadyCompleted: !first };
  });
}

/** The coach (or an admin) ends the session for everyone; a client cannot. */
export async function endSession(db: Db, user: UserPrincipal, input: { appointmentId: string; now: Date }) {
  const { role } = await roomAccess(db, user, input.appointmentId);
  if (role === 'client') throw new DomainError('FORBIDDEN', 'Only the coach ends the session.');
  return completeSession(db, {
    appointmentId: input.appointmentId,
    by: role === 'coach' ? 'coach' : 'admin',
    now: input.now,
  });
}
