import type { Db } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { withinBudget } from '../core/expensive';
import type { UserPrincipal } from '../core/principal';
import type { AppSettings } from '../core/settings';
import { accessRule, coachHasAccess } from '../relationship/access';
import { busyByCoach, type CoachFilter, loadBusy, loadSchedules } from './schedule-data';
import type { openSlotsInput } from './schemas';
import { localDayRange, openSlotStarts } from './slots';
import { epochDay, isoDateOf, timeOf, ZoneClock } from './zone-clock';

/**
 * Open times in the viewer's zone, grouped by their local date: what a booking page shows. One
 * entry per time however many coaches are free then, so "all coaches" stays small.
 */
export interface OpenSlots {
  durationMin: number;
  /** The coaches with open times; `OpenTime.coaches` holds indexes into this list. */
  coachIds: string[];
  days: OpenDay[];
}

export interface OpenDay {
  /** "YYYY-MM-DD" in the viewer's zone. */
  date: string;
  times: OpenTime[];
}

export interface OpenTime {
  /** "HH:MM" in the viewer's zone (a repeated autumn hour appears twice, with distinct `startsAt`). */
  time: string;
  /** The instant, in milliseconds since the epoch (a number keeps the answer small on the wire). */
  startsAt: number;
  coaches: number[];
}

/**
 * Open slots of one coach, or of every coach taking bookings, over local dates in the viewer's
 * timezone: two statements (schedules; busy time), then one pass per coach. The client's own
 * live appointments are avoided too (with the coach's buffer).
 */
export async function findOpenSlots(
  db: Db,
  user: UserPrincipal,
  input: z.infer<typeof openSlotsInput>,
  now: Date,
  settings: Pick<AppSettings, 'relationships'>,
): Promise<OpenSlots> {
  const viewer = new ZoneClock(input.timezone);
  const today = isoDateOf(epochDay(viewer.wallOf(now.getTime())));
  if (input.to < today) throw new DomainError('BAD_REQUEST', 'is in the past', { field: 'to' });
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max would turn into NaN.
  const { from, to } = localDayRange(input.from < today ? today : input.from, input.to, input.timezone);
  const clientId = user.role === 'client' ? user.userId : (input.clientId ?? null);
  // A coach may plan around the appointments of their own clients only: anyone else's diary is
  // not theirs to probe.
  if (
    clientId &&
    user.role === 'coach' &&
    !(await coachHasAccess(db, { coachId: user.userId, clientId }, accessRule(settings, now)))
  )
    throw new DomainError('NOT_FOUND', 'No client of yours with that id.', { field: 'clientId' });
  const coaches: CoachFilter = input.coachId ? { coachId: input.coachId } : 'available';
  const [schedules, busy] = await Promise.all([
    loadSchedules(db, coaches, { from, to }),
    loadBusy(db, { coaches, clientId, from, to }),
  ]);
  if (input.coachId && schedules.length === 0) throw new DomainError('NOT_FOUND', 'No coach with that id.');

  const busyOf = busyByCoach(busy, clientId);
  const coachIds: string[] = [];
  const coachesAt = new Map<number, number[]>();
  for (const schedule of schedules) {
    if (!schedule.isAvailable) continue;
    const starts = openSlotStarts(schedule.rules, schedule.windows, schedule.timeOff, busyOf(schedule.coachId), {
      from,
      to,
      durationMin: input.durationMin,
      now,
    });
    if (starts.length === 0) continue;
    const index = coachIds.push(schedule.coachId) - 1;
    for (const s of starts) {
      const list = coachesAt.get(s);
      if (list) list.push(index);
      else coachesAt.set(s, [index]);
    }
  }

  // Keyed by local day: where a clock goes back over midnight, a date can recur after the next one.
  const days = new Map<number, OpenDay>();
  for (const startsAt of [...coachesAt.keys()].sort((a, b) => a - b)) {
    const wall = viewer.wallOf(startsAt);
    const day = epochDay(wall);
    let openDay = days.get(day);
    if (!openDay) {
      openDay = { date: isoDateOf(day), times: [] };
      days.set(day, openDay);
    }
    openDay.times.push({ time: timeOf(wall), startsAt, coaches: coachesAt.get(startsAt) ?? [] });
  }
  return {
    durationMin: input.durationMin,
    coachIds,
    days: [...days.entries()].sort(([a], [b]) => a - b).map(([, openDay]) => openDay),
  };
}

/**
 * What `scheduling.openSlots` answers, within the requester's budget: a booking page asks a few
 * times a minute, and 60 days of every coach is the costliest read we serve.
 */
export function openSlotsFor(
  deps: Deps<'db' | 'ip' | 'now' | 'settings'>,
  user: UserPrincipal,
  input: z.infer<typeof openSlotsInput>,
): Promise<OpenSlots> {
  const rule = { perUser: { limit: deps.settings.budgets.openSlotsPerMinute, windowMs: 60_000 }, concurrent: 2 };
  return withinBudget(deps, user, 'open-slots', rule, () =>
    findOpenSlots(deps.db, user, input, deps.now(), deps.settings),
  );
}
