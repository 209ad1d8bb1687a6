import type { z } from 'zod';
import type { Deps } from '../core/context';
import { notifyLive } from '../session/events';
import { CAPTION_MAX_LENGTH } from '../session/live-events';
import type { captionInput } from './schemas';

/**
 * A participant's words while they are still being said (Deepgram's interim results), passed on
 * to everyone in the room live and never stored: only from the claim that holds the room now,
 * only for a participant of this appointment (named by the server, not the agent).
 */
export async function sendCaption(deps: Deps<'db'>, input: z.infer<typeof captionInput>) {
  const appointment = await deps.db.appointment.findUnique({
    where: { id: input.appointmentId },
    select: {
      status: true,
      clientId: true,
      coachId: true,
      client: { select: { displayName: true } },
      coach: { select: { displayName: true } },
      agentClaims: { where: { epoch: input.epoch }, select: { agentId: true, endedAt: true } },
      participants: {
        where: { identity: input.identity, role: 'admin' },
        select: { displayName: true },
        take: 1,
      },
    },
  });
  const claim = appointment?.agentClaims[0];
  if (appointment?.status !== 'active' || claim?.agentId !== input.agentId || claim.endedAt)
    return { delivered: false };
  const speaker =
    input.identity === appointment.clientId
      ? { sender: 'client' as const, name: appointment.client.displayName }
      : input.identity === appointment.coachId
        ? { sender: 'coach' as const, name: appointment.coach.displayName }
        : appointment.participants[0]
          ? { sender: 'admin' as const, name: appointment.participants[0].displayName ?? 'Admin' }
          : null;
  if (!speaker) return { delivered: false };
  await notifyLive(deps.db, input.appointmentId, {
    type: 'caption',
    identity: input.identity,
    ...speaker,
    text: input.text.slice(-CAPTION_MAX_LENGTH),
    startedAt: input.startedAt,
  });
  return { delivered: true };
}
