import type { Db } from '@hybridcoach/db';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import type { bookingRulesInput, oneOffWindowInput, timeOffInput, weeklyAvailabilityInput } from './schemas';

/** A coach's whole availability: rules, weekly windows, one-off windows and time off. */
/**
 * A coach's hours and time off: their booking page shows them to anyone signed in. Why the
 * coach is away is theirs (and an admin's) to read; others see only when.
 */
export async function getAvailability(db: Db, viewer: UserPrincipal, coachId: string, now: Date) {
  const coach = await db.user.findFirst({
    where: { id: coachId, role: 'coach', deletedAt: null },
    select: {
      id: true,
      timezone: true,
      isAvailable: true,
      bufferMinutes: true,
      minNoticeMinutes: true,
      bookingHorizonDays: true,
    },
  });
  if (!coach) throw new DomainError('NOT_FOUND', 'No coach with that id.');
  const [windows, timeOff] = await Promise.all([
    db.coachAvailability.findMany({
      where: { coachId },
      orderBy: [{ isRecurring: 'desc' }, { specificDate: 'asc' }, { dayOfWeek: 'asc' }, { startTime: 'asc' }],
    }),
    db.coachTimeOff.findMany({ where: { coachId, endsAt: { gt: now } }, orderBy: { startsAt: 'asc' } }),
  ]);
  return {
    rules: coach,
    weekly: windows
      .filter((w) => w.isRecurring)
      .map(({ id, dayOfWeek, startTime, endTime }) => ({ id, dayOfWeek, startTime, endTime })),
    oneOff: windows
      .filter((w) => !w.isRecurring && w.specificDate)
      .map((w) => ({
        id: w.id,
        date: w.specificDate?.toISOString().slice(0, 10) ?? '',
        startTime: w.startTime,
        endTime: w.endTime,
      })),
    timeOff:
      viewer.userId === coachId || viewer.role === 'admin' ? timeOff : timeOff.map((t) => ({ ...t, reason: null })),
  };
}

function overlapping(windows: { dayOfWeek: number; startTime: string; endTime: string }[]): boolean {
  const sorted = [...windows].sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.startTime.localeCompare(b.startTime));
  return sorted.some(
    (w, i) => i > 0 && sorted[i - 1]?.dayOfWeek === w.dayOfWeek && (sorted[i - 1]?.endTime ?? '') > w.startTime,
  );
}

/** Replaces the weekly grid in one transaction (what the editor saves). */
export async function setWeeklyAvailability(db: Db, coachId: string, input: z.infer<typeof weeklyAvailabilityInput>) {
  if (overlapping(input.windows)) {
    throw new DomainError('BAD_REQUEST', 'Two windows on the same day overlap; merge them.');
  }
  await db.$transaction([
    db.coachAvailability.deleteMany({ where: { coachId, isRecurring: true } }),
    db.coachAvailability.createMany({ data: input.windows.map((w) => ({ coachId, ...w, isRecurring: true })) }),
  ]);
}

export async function addOneOffWindow(db: Db, coachId: string, input: z.infer<typeof oneOffWindowInput>, now: Date) {
  const { timezone } = await db.user.findUniqueOrThrow({ where: { id: coachId }, select: { timezone: true } });
  const date = DateTime.fromISO(input.date, { zone: timezone });
  if (!date.isValid) throw new DomainError('BAD_REQUEST', 'That date does not exist.');
  if (date.endOf('day') < DateTime.fromJSDate(now)) throw new DomainError('BAD_REQUEST', 'That date is in the past.');
  return db.coachAvailability.create({
    data: {
      coachId,
      isRecurring: false,
      specificDate: new Date(`${input.date}T00:00:00Z`),
      dayOfWeek: date.weekday % 7,
      startTime: input.startTime,
      endTime: input.endTime,
    },
  });
}

export async function removeWindow(db: Db, coachId: string, windowId: string) {
  const { count } = await db.coachAvailability.deleteMany({ where: { id: windowId, coachId } });
  if (count === 0) throw new DomainError('NOT_FOUND', 'No such window of yours.');
}

export async function addTimeOff(db: Db, coachId: string, input: z.infer<typeof timeOffInput>, now: Date) {
  if (input.endsAt <= now) throw new DomainError('BAD_REQUEST', 'That time off is already over.');
  return db.coachTimeOff.create({
    data: { coachId, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason },
  });
}

export async function removeTimeOff(db: Db, coachId: string, timeOffId: string) {
  const { count } = await db.coachTimeOff.deleteMany({ where: { id: timeOffId, coachId } });
  if (count === 0) throw new DomainError('NOT_FOUND', 'No such time off of yours.');
}

export async function setBookingRules(db: Db, coachId: string, input: z.infer<typeof bookingRulesInput>) {
  await db.user.update({ where: { id: coachId }, data: input });
}
