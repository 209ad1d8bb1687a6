import type { Db } from '@hybridcoach/db';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { busyIntervals, loadCoachSchedule } from './schedule-data';
import type { openSlotsInput } from './schemas';
import { describeInZone, localDayRange, openSlots } from './slots';

export interface OpenSlotView {
  coachId: string;
  startsAt: Date;
  endsAt: Date;
  /** In the viewer's timezone. */
  localDate: string;
  localTime: string;
}

/**
 * Open slots of one coach, or of every coach taking bookings, over local dates in the viewer's
 * timezone. The client's own live appointments are avoided too (with the coach's buffer).
 */
export async function findOpenSlots(
  db: Db,
  user: UserPrincipal,
  input: z.infer<typeof openSlotsInput>,
  now: Date,
): Promise<OpenSlotView[]> {
  const today = DateTime.fromJSDate(now, { zone: input.timezone }).toISODate() ?? '';
  if (input.to < today) throw new DomainError('BAD_REQUEST', 'is in the past', { field: 'to' });
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max would turn into NaN.
  const { from, to } = localDayRange(input.from < today ? today : input.from, input.to, input.timezone);
  const clientId = user.role === 'client' ? user.userId : (input.clientId ?? null);
  const coachIds = input.coachId
    ? [input.coachId]
    : (
        await db.user.findMany({ where: { role: 'coach', isAvailable: true, deletedAt: null }, select: { id: true } })
      ).map((c) => c.id);
  const result: OpenSlotView[] = [];
  for (const coachId of coachIds) {
    const schedule = await loadCoachSchedule(db, coachId);
    if (!schedule.isAvailable) continue;
    const busy = await busyIntervals(db, { coachId, clientId, from, to, bufferMinutes: schedule.rules.bufferMinutes });
    for (const slot of openSlots(schedule.rules, schedule.windows, schedule.timeOff, busy, {
      from,
      to,
      durationMin: input.durationMin,
      now,
    })) {
      const local = describeInZone(slot.startsAt, input.timezone);
      result.push({ coachId, ...slot, localDate: local.localDate, localTime: local.localTime });
    }
  }
  return result.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.coachId.localeCompare(b.coachId));
}
