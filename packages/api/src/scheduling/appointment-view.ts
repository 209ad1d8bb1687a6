import type { Db, Prisma } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';

export const appointmentView = {
  id: true,
  scheduledFor: true,
  endsAt: true,
  durationMin: true,
  status: true,
  roomId: true,
  cancelledAt: true,
  cancelledBy: true,
  cancelReason: true,
  createdAt: true,
  updatedAt: true,
  coach: {
    select: { id: true, displayName: true, coachName: true, profilePhotoPath: true, timezone: true, email: true },
  },
  client: { select: { id: true, displayName: true, profilePhotoPath: true, timezone: true, email: true } },
} satisfies Prisma.AppointmentSelect;

export type AppointmentView = Prisma.AppointmentGetPayload<{ select: typeof appointmentView }>;

/** Which appointments a user may see: their own as client or coach; all for admins. */
export function visibleTo(user: UserPrincipal): Prisma.AppointmentWhereInput {
  if (user.role === 'admin') return {};
  return user.role === 'coach' ? { coachId: user.userId } : { clientId: user.userId };
}

/**
 * One appointment, if the caller may see it. Someone else's appointment is NOT_FOUND, the same
 * answer as a missing one, so ids reveal nothing.
 */
export async function appointmentFor(
  db: Db | Prisma.TransactionClient,
  user: UserPrincipal,
  appointmentId: string,
): Promise<AppointmentView> {
  const appointment = await db.appointment.findFirst({
    where: { id: appointmentId, ...visibleTo(user) },
    select: appointmentView,
  });
  if (!appointment) throw new DomainError('NOT_FOUND', 'No appointment of yours with that id.');
  return appointment;
}
