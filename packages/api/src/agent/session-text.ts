import type { Db, MessageKind, MessageSender } from '@hybridcoach/db';
import { recordHealthDataRead } from '../auth/data-reads';
import { DomainError } from '../core/errors';
import { senderName } from '../session/message-view';

export interface SessionLine {
  kind: MessageKind;
  sender: MessageSender;
  /** The person's display name, or "AI assistant" for the agent. */
  speaker: string;
  content: string;
  at: Date;
}

/** At most this many lines are read for a summary: a long session's tail matters least. */
const MAX_LINES = 5000;

/**
 * What was said and written in a session, in order: final transcript segments and chat from
 * every participant. The agent summarises from this, so a text-only room (chat)
 * and a room the agent joined late (or re-joined after a restart) are summarised whole.
 */
export async function readSessionText(db: Db, appointmentId: string) {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { status: true, endsAt: true, clientId: true },
  });
  if (!appointment) throw new DomainError('NOT_FOUND', 'No appointment with that id.');
  await recordHealthDataRead(db, {
    reader: { kind: 'service', service: 'agent' },
    clientId: appointment.clientId,
    what: 'transcript',
    appointmentId,
  });
  const rows = await db.message.findMany({
    where: {
      session: { appointmentId },
      OR: [{ kind: 'chat' }, { kind: 'transcript', isFinal: true }],
    },
    orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }],
    take: MAX_LINES,
    select: {
      kind: true,
      sender: true,
      content: true,
      spokenAt: true,
      createdAt: true,
      user: { select: { displayName: true } },
    },
  });
  const lines: SessionLine[] = rows
    .map((r) => ({
      kind: r.kind,
      sender: r.sender,
      speaker: senderName(r.sender, r.user?.displayName),
      content: r.content,
      at: r.spokenAt ?? r.createdAt,
    }))
    // Spoken time orders transcript segments among the chat; a stable sort keeps ties in order.
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return { status: appointment.status, endsAt: appointment.endsAt, lines };
}
