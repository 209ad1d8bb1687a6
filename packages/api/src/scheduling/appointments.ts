import type { Db } from '@hybridcoach/db';
import type { z } from 'zod';
import { DomainError } from '../core/errors';
import { decodeCursor, encodeCursor } from '../core/keyset-cursor';
import type { UserPrincipal } from '../core/principal';
import { appointmentView, visibleTo } from './appointment-view';
import type { agendaInput, listInput } from './schemas';
import { localDayRange } from './slots';

/**
 * Upcoming (live, not yet over; soonest first) or past (everything else; latest first), with a
 * keyset cursor on (scheduledFor, id) so pages never skip or repeat rows as data changes.
 */
export async function listAppointments(db: Db, user: UserPrincipal, input: z.infer<typeof listInput>, now: Date) {
  const upcoming = input.scope === 'upcoming';
  const scope = upcoming
    ? { status: { in: ['scheduled' as const, 'active' as const] }, endsAt: { gt: now } }
    : { OR: [{ status: { in: ['completed' as const, 'cancelled' as const] } }, { endsAt: { lte: now } }] };
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const keyset = after
    ? {
        OR: [
          { scheduledFor: upcoming ? { gt: after.at } : { lt: after.at } },
          { scheduledFor: after.at, id: upcoming ? { gt: after.id } : { lt: after.id } },
        ],
      }
    : {};
  const order = upcoming ? ('asc' as const) : ('desc' as const);
  const rows = await db.appointment.findMany({
    where: { AND: [visibleTo(user), scope, keyset] },
    select: appointmentView,
    orderBy: [{ scheduledFor: order }, { id: order }],
    take: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last.scheduledFor, last.id) : null };
}

/** A coach's day or week (an admin may look at any coach's), cancelled sessions left out. */
export async function agenda(db: Db, user: UserPrincipal, input: z.infer<typeof agendaInput>) {
  const coachId = user.role === 'admin' && input.coachId ? input.coachId : user.userId;
  if (user.role === 'client') throw new DomainError('FORBIDDEN', 'The agenda is for coaches.');
  const { from, to } = localDayRange(input.from, input.to, input.timezone);
  return db.appointment.findMany({
    where: { coachId, status: { not: 'cancelled' }, scheduledFor: { gte: from, lt: to } },
    select: appointmentView,
    orderBy: { scheduledFor: 'asc' },
  });
}
