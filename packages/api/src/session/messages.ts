import type { Db, MessageSender } from '@hybridcoach/db';
import type { z } from 'zod';
import { hitThrottle } from '../auth/throttle';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { appendEvent, appendEvents } from './events';
import { type MessageView, messageSelect, toMessageView } from './message-view';
import { hasJoined } from './presence';
import { roomAccess } from './room-access';
import type { appendTranscriptInput, chatInput } from './schemas';
import { assembleTranscript } from './transcript';

export const CHAT_RULE = { limit: 20, windowMs: 30_000 };

/** Chat from a participant who has joined; stored and pushed to everyone in the room. */
export async function sendChat(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof chatInput>,
): Promise<MessageView> {
  const { appointment, role } = await roomAccess(deps.db, user, input.appointmentId);
  if (appointment.status !== 'active') throw new DomainError('BAD_REQUEST', 'Chat is open while the session is live.');
  const session = await deps.db.session.findUnique({ where: { appointmentId: appointment.id }, select: { id: true } });
  if (!session || !(await hasJoined(deps.db, appointment.id, user.userId)))
    throw new DomainError('FORBIDDEN', 'Join the session before writing in it.');
  const throttle = await hitThrottle(deps.db, `chat:user:${user.userId}`, CHAT_RULE, deps.now());
  if (!throttle.allowed)
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Slow down: at most ${CHAT_RULE.limit} messages in ${CHAT_RULE.windowMs / 1000} seconds.`,
    );
  const sender: MessageSender = role === 'client' ? 'client' : role === 'coach' ? 'coach' : 'admin';
  return deps.db.$transaction(async (tx) => {
    const row = await tx.message.create({
      data: {
        sessionId: session.id,
        userId: user.userId,
        sender,
        content: input.content,
        kind: 'chat',
        createdAt: deps.now(),
      },
      select: messageSelect,
    });
    const message = toMessageView(row);
    await appendEvent(tx, appointment.id, { type: 'message', message });
    return message;
  });
}

/**
 * The agent's transcript segments, in batches. Idempotent on (session, idempotencyKey): a batch
 * sent twice (a retry after a timeout, a replay from the agent's buffer) is stored once, and
 * only new segments are announced. Segments arriving after completion are kept, and the
 * assembled transcript is brought up to date.
 */
export async function appendTranscript(db: Db, input: z.infer<typeof appendTranscriptInput>) {
  const appointment = await db.appointment.findUnique({
    where: { id: input.appointmentId },
    select: { id: true, status: true, clientId: true, coachId: true, session: { select: { id: true } } },
  });
  if (!appointment) throw new DomainError('NOT_FOUND', 'No appointment with that id.');
  if (appointment.status === 'cancelled' || appointment.status === 'scheduled') {
    throw new DomainError('BAD_REQUEST', `This session is ${appointment.status}; there is nothing to transcribe.`);
  }
  const session = appointment.session;
  if (!session) throw new DomainError('BAD_REQUEST', 'Nobody has joined this session yet.');
  const userOf = { client: appointment.clientId, coach: appointment.coachId, ai: null } as const;
  return db.$transaction(async (tx) => {
    const created = await tx.message.createManyAndReturn({
      data: input.segments.map((s) => ({
        sessionId: session.id,
        userId: userOf[s.speaker],
        sender: s.speaker,
        kind: 'transcript' as const,
        content: s.content,
        seq: s.seq,
        idempotencyKey: s.idempotencyKey,
        spokenAt: s.spokenAt,
        confidence: s.confidence ?? null,
        isFinal: s.isFinal,
      })),
      skipDuplicates: true,
      select: messageSelect,
    });
    await appendEvents(
      tx,
      appointment.id,
      created
        .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
        .map((row) => ({ type: 'message' as const, message: toMessageView(row) })),
    );
    if (appointment.status === 'completed' && created.length > 0) {
      await tx.session.update({
        where: { id: session.id },
        data: { transcript: await assembleTranscript(tx, session.id) },
      });
    }
    return { stored: created.length, duplicates: input.segments.length - created.length };
  });
}
