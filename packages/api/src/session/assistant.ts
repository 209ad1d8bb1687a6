import type { z } from 'zod';
import { hitThrottle } from '../auth/throttle';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { appendEvent } from './events';
import { hasJoined } from './presence';
import { roomAccess } from './room-access';
import type { appointmentIdInput, assistantModeInput } from './schemas';

export const ASK_RULE = { limit: 10, windowMs: 60_000 };

/**
 * The coach (or an admin) decides how the assistant takes part: scribe (the default: it speaks
 * when addressed and for timer warnings), off (it never speaks), or conversational (it answers
 * every turn). Before or during the session; the agent serving the room hears of it at once.
 */
export async function setAssistantMode(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof assistantModeInput>,
) {
  const { appointment, role } = await roomAccess(deps.db, user, input.appointmentId);
  if (role === 'client') throw new DomainError('FORBIDDEN', 'Only the coach decides how the assistant takes part.');
  if (appointment.status === 'cancelled' || appointment.status === 'completed')
    throw new DomainError('BAD_REQUEST', `This session is ${appointment.status}.`);
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    await tx.appointment.update({ where: { id: appointment.id }, data: { assistantMode: input.mode } });
    await appendEvent(tx, appointment.id, { type: 'assistant_mode', mode: input.mode, at: now });
  });
  return { mode: input.mode };
}

/**
 * "Ask the assistant": the next thing the asker says is addressed to the assistant, which
 * answers it. Only in a live session the asker joined, and not while the assistant is off.
 */
export async function askAssistant(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof appointmentIdInput>,
) {
  const { appointment } = await roomAccess(deps.db, user, input.appointmentId);
  if (appointment.status !== 'active')
    throw new DomainError('BAD_REQUEST', 'The assistant can be asked while the session is live.');
  const now = deps.now();
  const [joined, me] = await Promise.all([
    hasJoined(deps.db, appointment.id, user.userId),
    deps.db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { displayName: true } }),
  ]);
  if (!joined) throw new DomainError('FORBIDDEN', 'Join the session before asking the assistant.');
  if (appointment.assistantMode === 'off')
    throw new DomainError('BAD_REQUEST', 'The assistant is off in this session; the coach can turn it on.');
  const throttle = await hitThrottle(deps.db, `ask:user:${user.userId}`, ASK_RULE, now);
  if (!throttle.allowed) throw new DomainError('TOO_MANY_REQUESTS', `At most ${ASK_RULE.limit} questions a minute.`);
  await deps.db.$transaction((tx) =>
    appendEvent(tx, appointment.id, { type: 'assistant_asked', identity: user.userId, name: me.displayName, at: now }),
  );
  return { asked: true };
}
