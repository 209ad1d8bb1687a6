import { type AssistantMode, type Db, type ParticipantRole, Prisma, type Role, sqlRows } from '@hybridcoach/db';
import { liveSessionSql } from '../auth/session-liveness';
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
  // One statement: it runs every few seconds for every open room feed.
  const [row] = await sqlRows<{ role: Role; clientId: string | null; coachId: string | null }>(
    deps.db,
    liveSessionSql(
      user.userSessionId,
      deps.now(),
      Prisma.sql`, (SELECT a."clientId" FROM "Appointment" a WHERE a.id = ${appointmentId}) AS "clientId",
        (SELECT a."coachId" FROM "Appointment" a WHERE a.id = ${appointmentId}) AS "coachId"`,
    ),
  );
  if (!row) throw new DomainError('UNAUTHORIZED', 'Your sign-in has ended. Sign in again.');
  // The same rule as roomAccess, with the role the user has now.
  const inRoom =
    row.clientId !== null && (row.clientId === user.userId || row.coachId === user.userId || row.role === 'admin');
  if (!inRoom) throw new DomainError('NOT_FOUND', 'No session of yours with that id.');
}
