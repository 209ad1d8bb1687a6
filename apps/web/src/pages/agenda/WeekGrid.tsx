import { Link } from '@tanstack/react-router';
import type { CSSProperties } from 'react';
import { dayParts, formatLocalDate, formatTimeRange } from '../../components/scheduling/time-format';
import type { Appointment } from '../../components/scheduling/types';
import { addDays, zonedToInstant } from '../../components/scheduling/zoned-time';
import { Badge } from '../../components/ui/Badge';
import { cx } from '../../lib/class-names';
import type { AgendaSearch } from './agenda-search';
import { type DaySpan, describeSpan, gridHours, sessionSpan } from './week-grid';

/** Tall enough for a half-hour session to show its time and client. */
const HOUR_REM = 4;

export interface WeekGridProps {
  days: readonly string[];
  today: string;
  timeZone: string;
  byDay: ReadonlyMap<string, Appointment[]>;
  /** Working hours per day in the viewer's zone; null while they load (no day is called off then). */
  hours: ReadonlyMap<string, DaySpan[]> | null;
  dayLink: (day: string) => AgendaSearch;
}

/**
 * The week as a time grid (hours down, days across) on wide screens: working hours shaded,
 * days off marked, sessions placed at their times. On a phone, only the days with sessions, as
 * a list. Each day is a list item with its sessions in order, whatever the layout.
 */
export function WeekGrid({ days, today, timeZone, byDay, hours, dayLink }: WeekGridProps) {
  const spans = days.flatMap((day) => [
    ...(hours?.get(day) ?? []),
    ...(byDay.get(day) ?? []).flatMap((a) => sessionSpan(a.scheduledFor, a.endsAt, day, timeZone) ?? []),
  ]);
  const { first, last } = gridHours(spans);
  const height = `${(last - first) * HOUR_REM}rem`;
  const top = (minutes: number) => `${((minutes - first * 60) / ((last - first) * 60)) * 100}%`;
  const size = (span: DaySpan) => `${((span.end - span.start) / ((last - first) * 60)) * 100}%`;
  const hourLabels = Array.from({ length: last - first + 1 }, (_, i) => first + i);

  return (
    <div className="md:grid md:grid-cols-[3.5rem_minmax(0,1fr)] md:gap-2">
      {/* The hours, for sighted readers; each session says its own time. */}
      {/* Level with the days' grids: below their headers (4rem), padding (0.5rem), gap (0.5rem) and border. */}
      <div aria-hidden="true" className="relative hidden md:mt-[calc(5rem+1px)] md:block" style={{ height }}>
        {hourLabels.map((hour) => (
          <span
            key={hour}
            className="absolute right-0 -translate-y-1/2 text-xs text-muted-foreground tabular-nums"
            style={{ top: top(hour * 60) }}
          >
            {formatHour(days[0] ?? today, hour, timeZone)}
          </span>
        ))}
      </div>
      <ol className="grid grid-cols-1 gap-3 md:grid-cols-7 md:gap-1.5">
        {days.map((day) => {
          const appointments = byDay.get(day) ?? [];
          const working = hours?.get(day) ?? null;
          const dayOff = working !== null && working.length === 0;
          const parts = dayParts(day);
          const headingId = `agenda-${day}`;
          return (
            <li
              key={day}
              aria-labelledby={headingId}
              className={cx(
                'flex min-w-0 flex-col gap-2 rounded-xl border bg-card p-2',
                day === today ? 'border-primary' : 'border-border',
                appointments.length === 0 && 'max-md:hidden',
              )}
            >
              <div className="flex h-16 flex-col gap-0.5">
                <h3 id={headingId} className="flex items-center justify-between gap-1 text-sm font-semibold">
                  <Link
                    to="."
                    search={dayLink(day)}
                    className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                  >
                    <span className="md:hidden">{formatLocalDate(day, 'medium')}</span>
                    <span className="max-md:hidden">
                      {parts.weekday} {parts.day}
                    </span>
                    <span className="sr-only"> ({formatLocalDate(day, 'long')})</span>
                  </Link>
                  {day === today ? <Badge tone="brand">Today</Badge> : null}
                </h3>
                <p className="text-xs text-muted-foreground">
                  {working === null
                    ? null
                    : dayOff
                      ? 'Day off'
                      : appointments.length === 0
                        ? 'Free'
                        : `${appointments.length} session${appointments.length === 1 ? '' : 's'}`}
                  {working && working.length > 0 ? (
                    <span className="sr-only">
                      , working {working.map((span) => describeSpan(span, day, timeZone)).join(' and ')}
                    </span>
                  ) : null}
                </p>
              </div>
              <div
                className={cx(
                  'relative md:rounded-lg md:bg-[repeating-linear-gradient(to_bottom,var(--color-border)_0,var(--color-border)_1px,transparent_1px,transparent_var(--hour))]',
                  dayOff && 'md:bg-muted/60',
                )}
                style={{ '--hour': `${HOUR_REM}rem` } as CSSProperties}
              >
                <div aria-hidden="true" className="hidden md:block" style={{ height }}>
                  {(working ?? []).map((span) => (
                    <span
                      key={`${span.start}-${span.end}`}
                      className="absolute inset-x-0 rounded-md bg-accent/60"
                      style={{ top: top(span.start), height: size(span) }}
                    />
                  ))}
                </div>
                {appointments.length > 0 ? (
                  <ul className="flex flex-col gap-1.5 md:contents">
                    {appointments.map((appointment) => {
                      const span = sessionSpan(appointment.scheduledFor, appointment.endsAt, day, timeZone);
                      return (
                        <li
                          key={appointment.id}
                          // Placed at its time on the grid; in the phone's list it simply follows the others.
                          className="md:absolute md:inset-x-0.5 md:top-(--top) md:h-(--h)"
                          style={span ? ({ '--top': top(span.start), '--h': size(span) } as CSSProperties) : {}}
                        >
                          <Link
                            to="/appointments/$appointmentId"
                            params={{ appointmentId: appointment.id }}
                            className="flex h-full flex-wrap content-start gap-x-1 overflow-hidden rounded-lg bg-primary px-1.5 py-0.5 text-[0.7rem] leading-tight text-primary-foreground transition-colors hover:bg-primary-hover focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring max-md:py-1.5 max-md:text-xs"
                          >
                            <span className="font-semibold tabular-nums">
                              {formatTimeRange(appointment.scheduledFor, appointment.endsAt, timeZone, { zone: false })}
                            </span>
                            <span className="[overflow-wrap:anywhere]">{appointment.client.displayName}</span>
                          </Link>
                        </li>
                      );
                    })}
                  </ul>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** "9 AM" or "09", as the viewer's locale writes an hour. */
function formatHour(day: string, hour: number, timeZone: string): string {
  let format = hourFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, { hour: 'numeric', timeZone });
    hourFormats.set(timeZone, format);
  }
  const at = zonedToInstant(hour >= 24 ? addDays(day, 1) : day, `${String(hour % 24).padStart(2, '0')}:00`, timeZone);
  return format.format(at);
}
