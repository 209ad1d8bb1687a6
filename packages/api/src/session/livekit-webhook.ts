import type { Db, ParticipantRole } from '@hybridcoach/db';
import type { WebhookEvent } from 'livekit-server-sdk';
import { hostileInputProblems } from '../core/hostile-input';
import { completeSession } from './completion';
import { closeOpenStays, recordJoin, recordLeave } from './presence';

export type WebhookOutcome = 'recorded' | 'duplicate' | 'stale' | 'ignored';

const MAX_AGE_MS = 10 * 60_000;

/**
 * Applies a verified LiveKit webhook: joins and leaves become presence (with the seconds
 * present), `room_finished` ends the room's session. Each event id is applied once, in the same
 * transaction as its effect, and events older than ten minutes are refused, so a captured
 * delivery cannot be replayed.
 */
export async function applyLivekitWebhook(db: Db, event: WebhookEvent, now: Date): Promise<WebhookOutcome> {
  const at = new Date(Number(event.createdAt) * 1000);
  if (!event.id || Math.abs(now.getTime() - at.getTime()) > MAX_AGE_MS) return 'stale';
  // Signed by LiveKit, but still nothing the database would refuse.
  const stored = {
    id: event.id,
    room: event.room?.name,
    identity: event.participant?.identity,
    name: event.participant?.name,
  };
  if (hostileInputProblems(stored)) return 'ignored';
  const roomName = event.room?.name;
  const appointment = roomName
    ? await db.appointment.findUnique({
        where: { roomId: roomName },
        select: { id: true, clientId: true, coachId: true, status: true },
      })
    : null;
  const eventId = event.id;
  const outcome = await db.$transaction(async (tx): Promise<WebhookOutcome> => {
    const fresh = await tx.livekitWebhookEvent.createMany({
      data: [{ id: eventId, event: event.event }],
      skipDuplicates: true,
    });
    if (fresh.count === 0) return 'duplicate';
    if (!appointment) return 'ignored';
    const identity = event.participant?.identity ?? '';
    const role: ParticipantRole =
      identity === appointment.clientId
        ? 'client'
        : identity === appointment.coachId
          ? 'coach'
          : identity.startsWith('agent')
            ? 'agent'
            : 'admin';
    switch (event.event) {
      case 'participant_joined':
        await recordJoin(tx, {
          appointmentId: appointment.id,
          identity,
          name: event.participant?.name || null,
          role,
          at,
        });
        return 'recorded';
      case 'participant_left':
        return (await recordLeave(tx, { appointmentId: appointment.id, identity, at })) ? 'recorded' : 'ignored';
      case 'room_finished':
        await closeOpenStays(tx, appointment.id, at);
        return 'recorded';
      default:
        return 'ignored';
    }
  });
  if (outcome === 'recorded' && event.event === 'room_finished' && appointment?.status === 'active')
    await completeSession(db, { appointmentId: appointment.id, by: 'room_finished', now });
  return outcome;
}
