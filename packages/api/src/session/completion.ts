import type { Db, Prisma } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { appendEvent } from './events';
import type { CompletedBy } from './live-events';
import { closeOpenStays } from './presence';
import { roomAccess } from './room-access';
import { assembleTranscript } from './transcript';

type Tx = Prisma.TransactionClient;

/**
 * Ends an appointment's session, once, in one transaction: the appointment becomes completed,
 * the meeting record gets its end, the assembled transcript and — when given — the AI's summary
 * and topics (the summary also becomes the client's `lastSummary`), open stays in the room end,
 * and the agent's assignment is done whoever completed it. Calling it again (the coach ends it,
 * then the room finishes, then the agent sends its summary) changes only what is still missing
 * and announces nothing twice.
 */
export async function completeSession(
  db: Db,
  input: { appointmentId: string; by: CompletedBy; now: Date; summary?: string | null; topics?: string[] },
) {
  return db.$transaction(async (tx) => {
    // Serialise with events and other completions of this appointment.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`complete:${input.appointmentId}`}))`;
    const appointment = await tx.appointment.findUnique({
      where: { id: input.appointmentId },
      select: { status: true, clientId: true, scheduledFor: true, session: { select: { id: true, endedAt: true } } },
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
    }
    await tx.session.update({
      where: { id: sessionId },
      data: {
        endedAt: session.endedAt ?? input.now,
        transcript: await assembleTranscript(tx, sessionId),
        ...(input.summary ? { aiSummary: input.summary } : {}),
      },
    });
    if (input.topics?.length) await linkTopics(tx, sessionId, input.topics);
    if (input.summary) {
      await tx.profile.upsert({
        where: { userId: appointment.clientId },
        create: { userId: appointment.clientId, lastSummary: input.summary },
        update: { lastSummary: input.summary },
      });
    }
    await tx.agentAssignment.updateMany({
      where: { appointmentId: input.appointmentId, status: { not: 'done' } },
      data: { status: 'done', leaseExpiresAt: null },
    });
    if (first)
      await appendEvent(tx, input.appointmentId, { type: 'state', status: 'completed', by: input.by, at: input.now });
    return { alreadyCompleted: !first };
  });
}

/** Links the session to its topics, creating the topics it names for the first time. */
async function linkTopics(tx: Tx, sessionId: string, names: string[]): Promise<void> {
  const unique = [...new Set(names)];
  await tx.sessionTopic.createMany({ data: unique.map((name) => ({ name })), skipDuplicates: true });
  const topics = await tx.sessionTopic.findMany({ where: { name: { in: unique } }, select: { id: true } });
  await tx.sessionTopicMapping.createMany({
    data: topics.map((topic) => ({ sessionId, topicId: topic.id })),
    skipDuplicates: true,
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
