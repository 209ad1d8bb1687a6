import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { completeSession } from './completion';
import { sendDueWarning } from './timer';

/** How long after its end an active session is left open before the sweeper completes it. */
export const OVERDUE_GRACE_MS = 5 * 60_000;

/**
 * The server's safety net for live sessions: sends due timer warnings in rooms with no agent
 * holding a live lease, and completes sessions still active well after their end.
 */
export async function sweepSessions(db: Db, input: { now: Date; warningMinutes: number[]; logger: Logger }) {
  const active = await db.appointment.findMany({
    where: { status: 'active' },
    select: { id: true, endsAt: true, agentAssignment: { select: { status: true, leaseExpiresAt: true } } },
  });
  let warned = 0;
  let completed = 0;
  for (const appointment of active) {
    if (appointment.endsAt.getTime() + OVERDUE_GRACE_MS < input.now.getTime()) {
      await completeSession(db, { appointmentId: appointment.id, by: 'sweeper', now: input.now });
      completed++;
      continue;
    }
    const lease = appointment.agentAssignment;
    const agentPresent =
      lease?.status === 'claimed' && lease.leaseExpiresAt !== null && lease.leaseExpiresAt > input.now;
    if (
      !agentPresent &&
      (await sendDueWarning(db, {
        appointmentId: appointment.id,
        warningMinutes: input.warningMinutes,
        now: input.now,
      }))
    )
      warned++;
  }
  if (warned || completed) input.logger.info({ warned, completed }, 'session sweep');
  return { warned, completed };
}
