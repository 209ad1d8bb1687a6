import type { Db } from '@hybridcoach/db';
import type { UserPrincipal } from '../core/principal';

/** A coach's clients (anyone with an appointment with them); every client for an admin. */
export function listMyClients(db: Db, user: UserPrincipal) {
  return db.user.findMany({
    where: {
      role: 'client',
      deletedAt: null,
      ...(user.role === 'coach' ? { clientAppointments: { some: { coachId: user.userId } } } : {}),
    },
    select: { id: true, displayName: true, email: true, profilePhotoPath: true, timezone: true },
    orderBy: { displayName: 'asc' },
  });
}
