import { randomUUID } from 'node:crypto';
import { Prisma, sqlTransaction } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { deliveryFor } from '../notification/preferences';
import { accessRule, coachHasAccess, startRelationshipSql } from '../relationship/access';
import {
  type AppointmentView,
  appointmentFor,
  appointmentView,
  appointmentViewColumns,
  appointmentViewJoins,
} from './appointment-view';
import { changeRules } from './change-rules';
import { announce, announcement } from './notify';
import { busyByCoach, loadBusy, loadSchedules } from './schedule-data';
import type { bookInput, cancelInput, reassignInput, rescheduleInput } from './schemas';
import { isSlotOpen } from './slots';

type Tx = Prisma.TransactionClient;
/** Booking changes are announced: by notification and email, in each person's zone. */
type BookingDeps = Deps<'db' | 'now' | 'settings' | 'mailer' | 'logger'>;

const TAKEN = 'That time is no longer free: someone booked it a moment ago. Pick another slot.';
// 50 people may race for one slot: wait for a connection rather than fail, keep each short.
const TX_OPTIONS = { maxWait: 20_000, timeout: 10_000 };

/**
 * Serialises bookings that involve the same coach or client (buffers are not something the
 * exclusion constraint can see). Keys are locked in a fixed order so two bookings never wait
 * on each other crosswise. The exclusion constraint stays the last word on overlaps.
 */
function peopleLock(...ids: string[]): Prisma.Sql {
  const keys = [...new Set(ids)].sort().map((id) => `schedule:${id}`);
  // One statement; unnest yields the keys in array order, so the locks are taken in that order.
  return Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest(${keys}::text[]) AS k`;
}

/** Throws BAD_REQUEST when the coach does not offer that time at all, CONFLICT when it is taken. */
async function assertBookable(
  db: Tx | Deps<'db'>['db'],
  input: { coachId: string; clientId: string; startsAt: Date; endsAt: Date; now: Date; except?: string },
) {
  const [[schedule], busySpans] = await Promise.all([
    loadSchedules(db, { coachId: input.coachId }, { from: input.startsAt, to: input.endsAt }),
    loadBusy(db, {
      coaches: { coachId: input.coachId },
      clientId: input.clientId,
      from: input.startsAt,
      to: input.endsAt,
      except: input.except,
    }),
  ]);
  if (!schedule) throw new DomainError('NOT_FOUND', 'No coach with that id.');
  const slot = { startsAt: input.startsAt, endsAt: input.endsAt };
  const timeOff = schedule.timeOff.map((t) => ({ startsAt: new Date(t.start), endsAt: new Date(t.end) }));
  if (!schedule.isAvailable) throw new DomainError('BAD_REQUEST', 'This coach is not taking bookings right now.');
  if (!isSlotOpen(schedule.rules, schedule.windows, timeOff, [], slot, input.now)) {
    throw new DomainError(
      'BAD_REQUEST',
      "That time is not one of the coach's open slots (outside their hours, too soon, too far ahead, or during time off).",
    );
  }
  const busy = busyByCoach(
    busySpans,
    input.clientId,
  )(input.coachId).map((b) => ({
    startsAt: new Date(b.start),
    endsAt: new Date(b.end),
  }));
  if (!isSlotOpen(schedule.rules, schedule.windows, timeOff, busy, slot, input.now)) {
    throw new DomainError('CONFLICT', TAKEN);
  }
}

function assertFuture(startsAt: Date, now: Date) {
  if (startsAt <= now) throw new DomainError('BAD_REQUEST', 'must be in the future', { field: 'startsAt' });
}

/**
 * Who the appointment is for: a client books for themselves; a coach names one of their clients
 * (a live relationship: relationship/access.ts); an admin names any client.
 */
async function clientFor(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
  clientId: string | undefined,
): Promise<string> {
  if (user.role === 'client') {
    if (clientId && clientId !== user.userId) throw new DomainError('FORBIDDEN', 'Clients book for themselves.');
    return user.userId;
  }
  if (!clientId) throw new DomainError('BAD_REQUEST', 'is required when a coach or admin books', { field: 'clientId' });
  const client = await deps.db.user.findFirst({
    where: { id: clientId, role: 'client', deletedAt: null },
    select: { id: true },
  });
  const mine =
    client &&
    (user.role === 'admin' ||
      (await coachHasAccess(deps.db, { coachId: user.userId, clientId }, accessRule(deps.settings, deps.now()))));
  // A client the coach has no relationship with is as unknown to them as one that does not exist.
  if (!client || !mine) throw new DomainError('NOT_FOUND', 'No client of yours with that id.');
  return client.id;
}

export async function book(
  deps: BookingDeps,
  user: UserPrincipal,
  input: z.infer<typeof bookInput>,
): Promise<AppointmentView> {
  const now = deps.now();
  assertFuture(input.startsAt, now);
  const clientId = await clientFor(deps, user, input.clientId);
  if (user.role === 'coach' && input.coachId !== user.userId) {
    throw new DomainError('FORBIDDEN', 'Coaches book sessions with themselves; an admin can book with another coach.');
  }
  const endsAt = new Date(input.startsAt.getTime() + input.durationMin * 60_000);
  // Checked before the lock, so that people racing for a taken slot are mostly refused without
  // queueing for it; under the lock one guarded insert re-checks what can change meanwhile.
  await assertBookable(deps.db, { coachId: input.coachId, clientId, startsAt: input.startsAt, endsAt, now });
  // Two statements in one transaction; the insert's own snapshot is taken after the lock is
  // granted, so it sees every booking made before.
  // The notifications go in on the same connection: 50 people booking at once would otherwise
  // each wait for a second one from a pool their locked transactions have taken.
  // Each person's locale and email choice, read before the lock (the notifications are written under it).
  const deliveries = await deliveryFor(deps.db, [clientId, input.coachId], 'appointments');
  const booked = await sqlTransaction(deps.db, async (rows) => {
    await rows(peopleLock(input.coachId, clientId));
    const [inserted] = await rows<AppointmentView>(
      insertIfFree({
        coachId: input.coachId,
        clientId,
        bookedById: user.userId,
        startsAt: input.startsAt,
        durationMin: input.durationMin,
        endsAt,
      }),
    );
    if (!inserted) return null;
    // The client's (or an admin's) booking is what lets the coach see the client's data.
    if (user.role !== 'coach')
      await rows(
        startRelationshipSql({
          coachId: input.coachId,
          clientId,
          origin: user.role === 'admin' ? 'admin' : 'client_booking',
          actorId: user.userId,
          now,
        }),
      );
    const told = announcement(deps, 'booked', inserted, { deliveries, now });
    await rows(told.notifications);
    return { appointment: inserted, told };
  });
  if (!booked) throw new DomainError('CONFLICT', TAKEN);
  booked.told.sendEmails(deps);
  return booked.appointment;
}

/**
 * Inserts the appointment unless a live one of the coach or the client overlaps it (with the
 * coach's buffer), in one statement that returns the appointment's view, or no row. The
 * exclusion constraint still refuses overlaps (without buffers) whatever happens here.
 */
function insertIfFree(input: {
  coachId: string;
  clientId: string;
  bookedById: string;
  startsAt: Date;
  durationMin: number;
  endsAt: Date;
}): Prisma.Sql {
  return Prisma.sql`
    WITH a AS (
      INSERT INTO "Appointment" (id, "coachId", "clientId", "bookedById", "scheduledFor", "durationMin", "endsAt",
        "roomId", status, "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, ${input.coachId}, ${input.clientId}, ${input.bookedById}, ${input.startsAt},
        ${input.durationMin}, ${input.endsAt}, ${`session-${randomUUID()}`}, 'scheduled', now(), now()
      FROM "User" coach
      WHERE coach.id = ${input.coachId} AND NOT EXISTS (
        SELECT 1 FROM "Appointment" b
        WHERE b.status IN ('scheduled', 'active') AND (b."coachId" = ${input.coachId} OR b."clientId" = ${input.clientId})
          AND b."scheduledFor" < ${input.endsAt}::timestamptz + make_interval(mins => coach."bufferMinutes")
          AND b."endsAt" > ${input.startsAt}::timestamptz - make_interval(mins => coach."bufferMinutes"))
      RETURNING *
    )
    SELECT ${appointmentViewColumns} FROM a ${appointmentViewJoins}`;
}

function assertChangeable(appointment: AppointmentView, user: UserPrincipal, now: Date, cutoffHours: number) {
  const { blocked } = changeRules(appointment, user.role, now, cutoffHours);
  if (blocked) throw new DomainError(appointment.status === 'scheduled' ? 'FORBIDDEN' : 'BAD_REQUEST', blocked);
}

export async function cancel(
  deps: BookingDeps,
  user: UserPrincipal,
  input: z.infer<typeof cancelInput>,
): Promise<AppointmentView> {
  const now = deps.now();
  const current = await appointmentFor(deps.db, user, input.appointmentId);
  assertChangeable(current, user, now, deps.settings.scheduling.cancelCutoffHours);
  // Conditional on still being scheduled: two cancels at once change it once.
  const { count } = await deps.db.appointment.updateMany({
    where: { id: current.id, status: 'scheduled' },
    data: { status: 'cancelled', cancelledAt: now, cancelledBy: user.userId, cancelReason: input.reason },
  });
  if (count === 0) throw new DomainError('CONFLICT', 'This session changed meanwhile; reload it.');
  const cancelled = await appointmentFor(deps.db, user, current.id);
  await announce(deps, 'cancelled', cancelled);
  return cancelled;
}

/**
 * Gives a scheduled session a new coach and/or time in one transaction, with the same checks as
 * a booking: if the target is taken, nothing changes and the old time is kept.
 */
async function applyChange(
  deps: Deps<'db'>,
  current: AppointmentView,
  target: { coachId: string; startsAt: Date; endsAt: Date; durationMin: number },
  now: Date,
): Promise<AppointmentView> {
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw(peopleLock(target.coachId, current.client.id));
    await assertBookable(tx, { ...target, clientId: current.client.id, now, except: current.id });
    return tx.appointment.update({
      where: { id: current.id, status: 'scheduled' },
      data: {
        coachId: target.coachId,
        scheduledFor: target.startsAt,
        durationMin: target.durationMin,
        endsAt: target.endsAt,
      },
      select: appointmentView,
    });
  }, TX_OPTIONS);
}

/** Moves a session in one transaction: if the new time is taken, the old one is kept. */
export async function reschedule(
  deps: BookingDeps,
  user: UserPrincipal,
  input: z.infer<typeof rescheduleInput>,
): Promise<AppointmentView> {
  const now = deps.now();
  assertFuture(input.startsAt, now);
  const current = await appointmentFor(deps.db, user, input.appointmentId);
  assertChangeable(current, user, now, deps.settings.scheduling.cancelCutoffHours);
  const durationMin = input.durationMin ?? current.durationMin;
  const endsAt = new Date(input.startsAt.getTime() + durationMin * 60_000);
  const moved = await applyChange(
    deps,
    current,
    { coachId: current.coach.id, startsAt: input.startsAt, endsAt, durationMin },
    now,
  );
  await announce(deps, 'rescheduled', moved, { movedFrom: current.scheduledFor });
  return moved;
}

/** Hands a session to another coach (the coach who has it, or an admin), with the same checks. */
export async function reassign(
  deps: BookingDeps,
  user: UserPrincipal,
  input: z.infer<typeof reassignInput>,
): Promise<AppointmentView> {
  const now = deps.now();
  if (user.role === 'client') throw new DomainError('FORBIDDEN', 'Only coaches and admins reassign sessions.');
  const current = await appointmentFor(deps.db, user, input.appointmentId);
  if (current.status !== 'scheduled')
    throw new DomainError('BAD_REQUEST', `Only a scheduled session can be reassigned (this one is ${current.status}).`);
  if (input.coachId === current.coach.id)
    throw new DomainError('BAD_REQUEST', 'that coach already has this session', { field: 'coachId' });
  const reassigned = await applyChange(
    deps,
    current,
    {
      coachId: input.coachId,
      startsAt: current.scheduledFor,
      endsAt: current.endsAt,
      durationMin: current.durationMin,
    },
    now,
  );
  await announce(deps, 'reassigned', reassigned, {
    previousCoach: { id: current.coach.id, email: current.coach.email, timezone: current.coach.timezone },
  });
  return reassigned;
}
