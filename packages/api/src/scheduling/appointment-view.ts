import { type Db, Prisma } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { changeRules } from './change-rules';

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

/**
 * `appointmentView` as the select list of a raw statement over `a` (the appointment), `c` (its
 * coach) and `k` (its client): one statement, where Prisma fetches each relation separately.
 */
export const appointmentViewColumns = Prisma.sql`
  a.id, a."scheduledFor", a."endsAt", a."durationMin", a.status::text AS status, a."roomId", a."cancelledAt",
  a."cancelledBy", a."cancelReason", a."createdAt", a."updatedAt",
  json_build_object('id', c.id, 'displayName', c."displayName", 'coachName', c."coachName",
    'profilePhotoPath', c."profilePhotoPath", 'timezone', c.timezone, 'email', c.email) AS coach,
  json_build_object('id', k.id, 'displayName', k."displayName", 'profilePhotoPath', k."profilePhotoPath",
    'timezone', k.timezone, 'email', k.email) AS client`;

/** The joins `appointmentViewColumns` reads, after `FROM "Appointment" a` (or a CTE named a). */
export const appointmentViewJoins = Prisma.sql`JOIN "User" c ON c.id = a."coachId" JOIN "User" k ON k.id = a."clientId"`;

/** Which appointments a user may see: their own as client or coach; all for admins. */
export function visibleTo(user: UserPrincipal): Prisma.AppointmentWhereInput {
  if (user.role === 'admin') return {};
  return user.role === 'coach' ? { coachId: user.userId } : { clientId: user.userId };
}

/** `visibleTo` for raw statements over `a` (the appointment). */
export function visibleToSql(user: UserPrincipal): Prisma.Sql {
  if (user.role === 'admin') return Prisma.sql`TRUE`;
  return user.role === 'coach' ? Prisma.sql`a."coachId" = ${user.userId}` : Prisma.sql`a."clientId" = ${user.userId}`;
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

/** One appointment with what the caller can still do with it, so pages say so before they try. */
export async function appointmentWithRules(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
  appointmentId: string,
) {
  const appointment = await appointmentFor(deps.db, user, appointmentId);
  const rules = changeRules(appointment, user.role, deps.now(), deps.settings.scheduling.cancelCutoffHours);
  return { ...appointment, changeRules: rules };
}
