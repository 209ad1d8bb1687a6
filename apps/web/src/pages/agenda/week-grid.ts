import { formatTime } from '../../components/scheduling/time-format';
import { addDays, localPartsOf, weekdayOf, zonedToInstant } from '../../components/scheduling/zoned-time';

/** Minutes after local midnight: 9:30 is 570. A span may end at 1440 (midnight). */
export interface DaySpan {
  start: number;
  end: number;
}

export interface CoachHours {
  /** The coach's zone: their windows are wall-clock times there. */
  timezone: string;
  weekly: readonly { dayOfWeek: number; startTime: string; endTime: string }[];
  oneOff: readonly { date: string; startTime: string; endTime: string }[];
  timeOff: readonly { startsAt: Date; endsAt: Date }[];
}

const MINUTE = 60_000;

function minutesOf(time: string): number {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

function subtract(spans: DaySpan[], cut: DaySpan): DaySpan[] {
  return spans.flatMap((s) => {
    if (cut.end <= s.start || cut.start >= s.end) return [s];
    return [
      ...(cut.start > s.start ? [{ start: s.start, end: cut.start }] : []),
      ...(cut.end < s.end ? [{ start: cut.end, end: s.end }] : []),
    ];
  });
}

/** Where an interval of instants falls on `day` (a date in `timeZone`), in minutes; null when not at all. */
function onDay(from: Date, to: Date, day: string, timeZone: string): DaySpan | null {
  const dayStart = zonedToInstant(day, '00:00', timeZone).getTime();
  const dayEnd = zonedToInstant(addDays(day, 1), '00:00', timeZone).getTime();
  const start = Math.max(from.getTime(), dayStart);
  const end = Math.min(to.getTime(), dayEnd);
  if (end <= start) return null;
  const minutes = (instant: number) => {
    if (instant >= dayEnd) return 24 * 60;
    const { time } = localPartsOf(new Date(instant), timeZone);
    return minutesOf(time);
  };
  return { start: minutes(start), end: minutes(end) };
}

/**
 * A coach's working hours on each of `days`, as the viewer's wall clock shows them: weekly and
 * one-off windows (wall-clock times in the coach's zone, so they move with each zone's clock
 * changes), less time off. A day with no span is a day off.
 */
export function workingHours(days: readonly string[], hours: CoachHours, viewerZone: string): Map<string, DaySpan[]> {
  const result = new Map<string, DaySpan[]>(days.map((d) => [d, []]));
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return result;
  // The coach's calendar days that can reach the viewer's: one more on each side for the zone gap.
  for (let coachDay = addDays(first, -1); coachDay <= addDays(last, 1); coachDay = addDays(coachDay, 1)) {
    const windows = [
      ...hours.weekly.filter((w) => w.dayOfWeek === weekdayOf(coachDay)),
      ...hours.oneOff.filter((w) => w.date === coachDay),
    ];
    for (const w of windows) {
      const from = zonedToInstant(coachDay, w.startTime, hours.timezone);
      const to =
        w.endTime === '24:00' || w.endTime <= w.startTime
          ? zonedToInstant(addDays(coachDay, 1), '00:00', hours.timezone)
          : zonedToInstant(coachDay, w.endTime, hours.timezone);
      for (const day of days) {
        const span = onDay(from, to, day, viewerZone);
        if (span) result.get(day)?.push(span);
      }
    }
  }
  for (const day of days) {
    let spans = [...(result.get(day) ?? [])].sort((a, b) => a.start - b.start);
    for (const off of hours.timeOff) {
      const cut = onDay(off.startsAt, off.endsAt, day, viewerZone);
      if (cut) spans = subtract(spans, cut);
    }
    result.set(day, spans);
  }
  return result;
}

/**
 * The hours the week's grid shows: whole hours covering every working span and session, and at
 * least 09:00–17:00 so that an empty week still reads as a day.
 */
export function gridHours(spans: Iterable<DaySpan>): { first: number; last: number } {
  let start = 9 * 60;
  let end = 17 * 60;
  for (const s of spans) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  return { first: Math.floor(start / 60), last: Math.ceil(end / 60) };
}

/** A session on the viewer's wall clock that day (clipped to the day). */
export function sessionSpan(startsAt: Date, endsAt: Date, day: string, timeZone: string): DaySpan | null {
  return onDay(startsAt, new Date(Math.max(endsAt.getTime(), startsAt.getTime() + MINUTE)), day, timeZone);
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A span of `day` as the app writes times ("9:00 AM – 5:00 PM", or 24-hour where that is the custom). */
export function describeSpan(span: DaySpan, day: string, timeZone: string): string {
  const at = (m: number) =>
    m >= 24 * 60
      ? formatTime(zonedToInstant(addDays(day, 1), '00:00', timeZone), timeZone)
      : formatTime(zonedToInstant(day, clock(m), timeZone), timeZone);
  return `${at(span.start)} – ${at(span.end)}`;
}
