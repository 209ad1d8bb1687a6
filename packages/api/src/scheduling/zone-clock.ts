import type { IANAZone } from 'luxon';
import { zoneOrThrow } from '../core/time-zones';

/**
 * A zone's wall clock as plain arithmetic: its offset changes (found once per zone and year,
 * then remembered), so turning instants into local dates and times and back costs a few array
 * reads instead of a luxon DateTime each. Instants and "wall" times are both milliseconds; a
 * wall time is the local date and time read as if it were UTC.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** Offsets in use range from -12:00 to +14:00: a wall time is within 15 hours of its instant. */
const MAX_OFFSET_MS = 15 * HOUR_MS;
/** Probe spacing when looking for offset changes: no zone changes twice within 12 hours. */
const PROBE_MS = 12 * HOUR_MS;

/** Offset changes in one UTC year: `offsets[i]` (minutes east) holds from `starts[i]` on. */
interface YearOffsets {
  starts: number[];
  offsets: number[];
}

// Keyed by zone name and year; bounded because names are checked zones and years are few.
const years = new Map<string, YearOffsets>();
const MAX_CACHED_YEARS = 5_000;

function yearOffsets(zone: IANAZone, year: number): YearOffsets {
  const key = `${zone.name}|${year}`;
  const cached = years.get(key);
  if (cached) return cached;
  const first = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const starts = [first];
  const offsets = [zone.offset(first)];
  let previous = offsets[0] ?? 0;
  for (let probe = first + PROBE_MS; probe <= end; probe += PROBE_MS) {
    const offset = zone.offset(probe);
    if (offset === previous) continue;
    // The change lies in (probe - PROBE_MS, probe]: halve down to the second.
    let lo = probe - PROBE_MS;
    let hi = probe;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (zone.offset(mid) === previous) lo = mid;
      else hi = mid;
    }
    if (hi < end) {
      starts.push(hi);
      offsets.push(offset);
    }
    previous = offset;
  }
  const result = { starts, offsets };
  if (years.size >= MAX_CACHED_YEARS) years.clear();
  years.set(key, result);
  return result;
}

/** Constant-offset spans covering an instant's neighbourhood, in time order. */
interface OffsetSpan {
  from: number;
  to: number;
  offsetMs: number;
}

export class ZoneClock {
  readonly zone: IANAZone;

  constructor(timezone: string) {
    this.zone = zoneOrThrow(timezone);
  }

  /** Minutes east of UTC at `ms`. */
  offsetAt(ms: number): number {
    const { starts, offsets } = yearOffsets(this.zone, new Date(ms).getUTCFullYear());
    let i = starts.length - 1;
    while (i > 0 && (starts[i] ?? 0) > ms) i--;
    return offsets[i] ?? 0;
  }

  /** The local wall time of an instant. */
  wallOf(ms: number): number {
    return ms + this.offsetAt(ms) * MINUTE_MS;
  }

  /**
   * The instant a wall time happens. A wall time that happens twice (autumn) is its first
   * occurrence; one that never happens (spring gap) moves forward by the gap, as luxon does.
   */
  instantOf(wall: number): number {
    const spans = this.spansAround(wall);
    for (const span of spans) {
      const at = wall - span.offsetMs;
      if (at >= span.from && at < span.to) return at;
    }
    // In a gap: read with the offset before it, which lands after the change.
    for (const span of spans) {
      const at = wall - span.offsetMs;
      if (at >= span.to) return at;
    }
    return wall - (spans[0]?.offsetMs ?? 0);
  }

  private spansAround(wall: number): OffsetSpan[] {
    const lo = wall - MAX_OFFSET_MS;
    const hi = wall + MAX_OFFSET_MS;
    const spans: OffsetSpan[] = [];
    const firstYear = new Date(lo).getUTCFullYear();
    const lastYear = new Date(hi).getUTCFullYear();
    for (let year = firstYear; year <= lastYear; year++) {
      const { starts, offsets } = yearOffsets(this.zone, year);
      const yearEnd = Date.UTC(year + 1, 0, 1);
      for (let i = 0; i < starts.length; i++) {
        const from = starts[i] ?? 0;
        const to = starts[i + 1] ?? yearEnd;
        if (to <= lo || from >= hi) continue;
        const offsetMs = (offsets[i] ?? 0) * MINUTE_MS;
        const last = spans[spans.length - 1];
        // Year boundaries split a span without a change; join them back.
        if (last && last.offsetMs === offsetMs && last.to === from) last.to = to;
        else spans.push({ from, to, offsetMs });
      }
    }
    return spans;
  }
}

/** Days since 1970-01-01 of a wall time. */
export function epochDay(wall: number): number {
  return Math.floor(wall / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** "YYYY-MM-DD" of an epoch day. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const TIMES = Array.from(
  { length: 24 * 60 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);

/** "HH:MM" of a wall time. */
export function timeOf(wall: number): string {
  const minute = Math.floor((wall - epochDay(wall) * DAY_MS) / MINUTE_MS);
  return TIMES[minute] ?? '00:00';
}
