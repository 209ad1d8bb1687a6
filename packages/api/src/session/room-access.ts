import type { Db, ParticipantRole } from '@hybridcoach/db';
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
