import type { Db, ParticipantRole } from '@hybridcoach/db';
import type { WebhookEvent } from 'livekit-server-sdk';
import { completeSession } from './completion';
import { appendEvent } from './events';

export type WebhookOutcome = 'recorded' | 'duplicate' | 'stale' | 'ignored';

const MAX_AGE_MS = 10 * 60_000;

/**
 * Applies a verified LiveKit webhook: joins and leaves become SessionParticipant rows (with the
 * seconds present), `room_finished` ends the room's session. Each event id is applied once, and
 * events older than ten minutes are refused, so a captured delivery cannot be replayed.
 */
export async function applyLivekitWebhook(db: Db, event: WebhookEvent, now: Date): Promise<WebhookOutcome> {
  const createdAt = new Date(Number(event.createdAt) * 1000);
  if (!event.id || Math.abs(now.getTime() - createdAt.getTime()) > MAX_AGE_MS) return 'stale';
  const roomName = event.room?.name;
  const appointment = roomName
    ? await db.appointment.findUnique({
        where: { roomId: roomName },
        select: { id: true, clientId: true, coachId: true, status: true },
      })
    : null;
  const fresh = await db.livekitWebhookEvent.createMany({
    data: [{ id: event.id, event: event.event }],
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
    case 'participant_joined': {
      const session = await db.session.findFirst({
        where: { appointmentId: appointment.id, userId: identity },
        select: { id: true },
      });
      await db.$transaction(async (tx) => {
        await tx.sessionParticipant.create({
          data: {
            appointmentId: appointment.id,
            sessionId: session?.id ?? null,
            identity,
            displayName: event.participant?.name || null,
            role,
            joinedAt: createdAt,
          },
        });
        await appendEvent(tx, appointment.id, 'participant', {
          identity,
          name: event.participant?.name ?? null,
          role,
          joined: true,
        });
      });
      return 'recorded';
    }
    case 'participant_left': {
      const open = await db.sessionParticipant.findFirst({
        where: { appointmentId: appointment.id, identity, leftAt: null },
        orderBy: { joinedAt: 'desc' },
      });
      if (!open) return 'ignored';
      await db.$transaction(async (tx) => {
        await tx.sessionParticipant.update({
          where: { id: open.id },
          data: {
            leftAt: createdAt,
            secondsPresent: Math.max(0, Math.round((createdAt.getTime() - open.joinedAt.getTime()) / 1000)),
          },
        });
        await appendEvent(tx, appointment.id, 'participant', {
          identity,
          name: open.displayName,
          role: open.role,
          joined: false,
        });
      });
      return 'recorded';
    }
    case 'room_finished': {
      const open = await db.sessionParticipant.findMany({ where: { appointmentId: appointment.id, leftAt: null } });
      for (const p of open) {
        await db.sessionParticipant.update({
          where: { id: p.id },
          data: {
            leftAt: createdAt,
            secondsPresent: Math.max(0, Math.round((createdAt.getTime() - p.joinedAt.getTime()) / 1000)),
          },
        });
      }
      if (appointment.status === 'active')
        await completeSession(db, { appointmentId: appointment.id, by: 'room_finished', now });
      return 'recorded';
    }
    default:
      return 'ignored';
  }
}
