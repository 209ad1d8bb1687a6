import { type Db, Prisma, sqlRows } from '@hybridcoach/db';
import type { z } from 'zod';
import { DomainError } from '../core/errors';
import { decodeCursor, encodeCursor } from '../core/keyset-cursor';
import type { UserPrincipal } from '../core/principal';
import {
  type AppointmentView,
  appointmentView,
  appointmentViewColumns,
  appointmentViewJoins,
  visibleToSql,
} from './appointment-view';
import type { agendaInput, listInput } from './schemas';
import { localDayRange } from './slots';

/**
 * Upcoming (not yet over, cancelled ones included so that nobody wonders where next week's
 * session went; soonest first) or past (over or completed; latest first), with a keyset cursor
 * on (scheduledFor, id) so pages never skip or repeat rows as data changes. One statement with
 * both people joined: every page shows this list.
 */
export async function listAppointments(db: Db, user: UserPrincipal, input: z.infer<typeof listInput>, now: Date) {
  const upcoming = input.scope === 'upcoming';
  const scope = upcoming
    ? Prisma.sql`a.status IN ('scheduled', 'active', 'cancelled') AND a."endsAt" > ${now}::timestamptz`
    : Prisma.sql`(a.status = 'completed' OR a."endsAt" <= ${now}::timestamptz)`;
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const keyset = !after
    ? Prisma.sql`TRUE`
    : upcoming
      ? Prisma.sql`(a."scheduledFor", a.id) > (${after.at}::timestamptz, ${after.id}::text)`
      : Prisma.sql`(a."scheduledFor", a.id) < (${after.at}::timestamptz, ${after.id}::text)`;
  const order = upcoming ? Prisma.sql`a."scheduledFor" ASC, a.id ASC` : Prisma.sql`a."scheduledFor" DESC, a.id DESC`;
  const rows = await sqlRows<AppointmentView>(
    db,
    Prisma.sql`
      SELECT ${appointmentViewColumns} FROM "Appointment" a ${appointmentViewJoins}
      WHERE ${visibleToSql(user)} AND ${scope} AND ${keyset}
      ORDER BY ${order} LIMIT ${input.limit + 1}`,
  );
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
