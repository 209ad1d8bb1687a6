import type { Db, Prisma } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import type { AvailabilityWindow, BookingRules, Interval } from './slots';

type Reader = Db | Prisma.TransactionClient;

export interface CoachSchedule {
  coachId: string;
  rules: BookingRules;
  isAvailable: boolean;
  windows: AvailabilityWindow[];
  timeOff: Interval[];
}

/** What the slot engine needs about one coach. */
export async function loadCoachSchedule(db: Reader, coachId: string): Promise<CoachSchedule> {
  const coach = await db.user.findFirst({
    where: { id: coachId, role: 'coach', deletedAt: null },
    select: {
      timezone: true,
      bufferMinutes: true,
      minNoticeMinutes: true,
      bookingHorizonDays: true,
      isAvailable: true,
      availability: true,
      timeOff: { select: { startsAt: true, endsAt: true } },
    },
  });
  if (!coach) throw new DomainError('NOT_FOUND', 'No coach with that id.');
  return {
    coachId,
    rules: {
      timezone: coach.timezone,
      bufferMinutes: coach.bufferMinutes,
      minNoticeMinutes: coach.minNoticeMinutes,
      bookingHorizonDays: coach.bookingHorizonDays,
    },
    isAvailable: coach.isAvailable,
    windows: coach.availability,
    timeOff: coach.timeOff,
  };
}

/**
 * Live (scheduled or active) appointments of the coach and of the client that could touch
 * [from, to) once buffers are added; `except` leaves out the appointment being moved.
 */
export async function busyIntervals(
  db: Reader,
  input: { coachId: string; clientId: string | null; from: Date; to: Date; bufferMinutes: number; except?: string },
): Promise<Interval[]> {
  const margin = (input.bufferMinutes + 1) * 60_000;
  return db.appointment
    .findMany({
      where: {
        status: { in: ['scheduled', 'active'] },
        OR: [{ coachId: input.coachId }, ...(input.clientId ? [{ clientId: input.clientId }] : [])],
        scheduledFor: { lt: new Date(input.to.getTime() + margin) },
        endsAt: { gt: new Date(input.from.getTime() - margin) },
        ...(input.except ? { id: { not: input.except } } : {}),
      },
      select: { endsAt: true, scheduledFor: true },
    })
    .then((rows) => rows.map((r) => ({ startsAt: r.scheduledFor, endsAt: r.endsAt })));
}
