import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { appendEvent } from './events';
import { mintRoomToken } from './livekit';
import { roomAccess } from './room-access';

/**
 * Enters an appointment's room: only its client, its coach or an admin, only from
 * `joinEarlyMinutes` before the start until the end. Creates (or reuses) the caller's Session
 * row, marks the appointment active, asks for the AI agent, and mints a LiveKit token for this
 * room only — or says the room is text-only when LiveKit is not configured.
 */
export async function joinRoom(deps: Deps<'db' | 'now' | 'settings'>, user: UserPrincipal, appointmentId: string) {
  const { appointment, role } = await roomAccess(deps.db, user, appointmentId);
  const now = deps.now();
  if (appointment.status === 'cancelled' || appointment.status === 'completed') {
    throw new DomainError('BAD_REQUEST', `This session is ${appointment.status}; it cannot be joined.`);
  }
  const opensAt = new Date(appointment.scheduledFor.getTime() - deps.settings.session.joinEarlyMinutes * 60_000);
  if (now < opensAt) {
    throw new DomainError(
      'FORBIDDEN',
      `The room opens ${deps.settings.session.joinEarlyMinutes} minutes before the start (${opensAt.toISOString()}).`,
    );
  }
  if (now >= appointment.endsAt) throw new DomainError('FORBIDDEN', 'This session is over.');

  const me = await deps.db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { displayName: true } });
  const session = await deps.db.$transaction(async (tx) => {
    const row = await tx.session.upsert({
      where: { appointmentId_userId: { appointmentId, userId: user.userId } },
      create: {
        appointmentId,
        userId: user.userId,
        roomId: appointment.roomId,
        startedAt: now,
        durationMinutes: appointment.durationMin,
        status: 'active',
      },
      update: {},
    });
    const { count } = await tx.appointment.updateMany({
      where: { id: appointmentId, status: 'scheduled' },
      data: { status: 'active' },
    });
    if (count === 1) await appendEvent(tx, appointmentId, 'state', { status: 'active', at: now.toISOString() });
    await tx.agentAssignment.upsert({
      where: { appointmentId },
      create: { appointmentId, roomId: appointment.roomId },
      update: {},
    });
    return row;
  });
  const livekit = deps.settings.livekit
    ? {
        url: deps.settings.livekit.url,
        token: await mintRoomToken(deps.settings.livekit, {
          roomId: appointment.roomId,
          identity: user.userId,
          name: me.displayName,
          metadata: JSON.stringify({ role }),
        }),
      }
    : null;
  return {
    sessionId: session.id,
    roomId: appointment.roomId,
    role,
    startsAt: appointment.scheduledFor,
    endsAt: appointment.endsAt,
    warningMinutes: deps.settings.session.warningMinutes,
    livekit,
  };
}
