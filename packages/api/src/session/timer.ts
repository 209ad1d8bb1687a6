import type { Db } from '@hybridcoach/db';
import { appendEvent } from './events';

export interface SentWarning {
  minutesLeft: number;
  endsAt: Date;
}

/**
 * Sends the timer warning that is due now, if nobody has sent it: the meeting record's
 * `warningsSent` is the claim (a conditional UPDATE), so whoever calls — the agent or the
 * server's sweeper — each warning goes out once. When several are due at once (a late tick),
 * only the latest is announced and all are counted.
 */
export async function sendDueWarning(
  db: Db,
  input: { appointmentId: string; warningMinutes: number[]; now: Date },
): Promise<SentWarning | null> {
  const appointment = await db.appointment.findUnique({
    where: { id: input.appointmentId },
    select: { status: true, endsAt: true, session: { select: { id: true, warningsSent: true } } },
  });
  const session = appointment?.session;
  if (appointment?.status !== 'active' || !session) return null;
  const minutes = [...input.warningMinutes].sort((a, b) => b - a);
  const due = minutes.filter((m) => appointment.endsAt.getTime() - m * 60_000 <= input.now.getTime());
  if (due.length === 0 || input.now >= appointment.endsAt || session.warningsSent >= due.length) return null;
  const minutesLeft = due.at(-1) ?? 0;
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: session.id, warningsSent: { lt: due.length } },
      data: { warningsSent: due.length },
    });
    if (count === 0) return null;
    await tx.message.create({
      data: {
        sessionId: session.id,
        sender: 'system',
        kind: 'system',
        content: `${minutesLeft} minute${minutesLeft === 1 ? '' : 's'} left in this session.`,
      },
    });
    await appendEvent(tx, input.appointmentId, { type: 'timer_warning', minutesLeft, endsAt: appointment.endsAt });
    return { minutesLeft, endsAt: appointment.endsAt };
  });
}
