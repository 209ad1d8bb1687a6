import type { AssistantMode, Db, ParticipantRole } from '@hybridcoach/db';
import { liveSessionRole } from '../auth/session-liveness';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';

export interface RoomAccess {
  appointment: {
    id: string;
    roomId: string;
    scheduledFor: Date;
    endsAt: Date;
    durationMin: number;
    status: string;
    clientId: string;
    coachId: string;
    assistantMode: AssistantMode;
  };
  role: ParticipantRole;
}

/**
 * The appointment's client, its coach, or an admin; anyone else gets NOT_FOUND (the same as a
 * missing appointment, so ids reveal nothing).
 */
export async function roomAccess(db: Db, user: UserPrincipal, appointmentId: string): Promise<RoomAccess> {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      roomId: true,
      scheduledFor: true,
      endsAt: true,
      durationMin: true,
      status: true,
      clientId: true,
      coachId: true,
      assistantMode: true,
    },
  });
  const role: ParticipantRole | null = !appointment
    ? null
    : appointment.clientId === user.userId
      ? 'client'
      : appointment.coachId === user.userId
        ? 'coach'
        : user.role === 'admin'
          ? 'admin'
          : null;
  if (!appointment || !role) throw new DomainError('NOT_FOUND', 'No session of yours with that id.');
  return { appointment, role };
}

/**
 * A live feed's reader may go on reading: still signed in (not signed out or revoked) and still
 * one of the room's people, with the role they have now. Throws UNAUTHORIZED or NOT_FOUND, which ends the stream.
 */
export async function assertStillWatching(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  appointmentId: string,
): Promise<void> {
  const role = await liveSessionRole(deps.db, user.userSessionId, deps.now());
  if (!role) throw new DomainError('UNAUTHORIZED', 'Your sign-in has ended. Sign in again.');
  await roomAccess(deps.db, { ...user, role }, appointmentId);
}
