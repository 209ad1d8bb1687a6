import { useQuery } from '@tanstack/react-query';
import { CalendarIcon, ChevronLeftIcon, ChevronRightIcon } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { cx } from '../../lib/class-names';
import { useTRPC } from '../../trpc';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState } from '../ui/ErrorState';
import { Skeleton } from '../ui/Skeleton';
import { nextGridIndex } from './roving-focus';
import { dayParts, formatLocalDate, formatTime, zoneAbbreviation } from './time-format';
import type { OpenTime, PickedSlot } from './types';
import { addDays, daysBetween, todayIn } from './zoned-time';

/** Days shown at once: two weeks. */
const RANGE_DAYS = 14;

export interface SlotPickerProps {
  coachId: string;
  durationMin: number;
  timeZone: string;
  /** When a coach or admin books for someone: their appointments are avoided too. */
  clientId?: string;
  /** How many days ahead the coach takes bookings, to stop paging there. */
  horizonDays?: number;
  onPick: (slot: PickedSlot) => void;
}

/**
 * A coach's open times for two weeks in the viewer's zone: a row of days (arrow keys move
 * between them), then that day's times (arrow keys move through the grid; Enter picks one).
 */
export function SlotPicker({ coachId, durationMin, timeZone, clientId, horizonDays, onPick }: SlotPickerProps) {
  const trpc = useTRPC();
  const today = todayIn(timeZone);
  const [rangeStart, setRangeStart] = useState(today);
  const rangeEnd = addDays(rangeStart, RANGE_DAYS - 1);
  const slots = useQuery(
    trpc.scheduling.openSlots.queryOptions(
      { coachId, clientId, from: rangeStart, to: rangeEnd, timezone: timeZone, durationMin },
      { placeholderData: (previous) => previous, staleTime: 15_000 },
    ),
  );
  const days = useMemo(() => Array.from({ length: RANGE_DAYS }, (_, i) => addDays(rangeStart, i)), [rangeStart]);
  const byDay = useMemo(() => new Map((slots.data?.days ?? []).map((day) => [day.date, day.times])), [slots.data]);

  const [chosenDay, setChosenDay] = useState<string | null>(null);
  // The first day with times, unless the chosen one still has some.
  const selectedDay =
    chosenDay && byDay.has(chosenDay)
      ? chosenDay
      : (days.find((day) => byDay.has(day)) ?? chosenDay ?? days[0] ?? today);
  const canGoBack = rangeStart > today;
  const canGoForward = horizonDays === undefined || daysBetween(today, addDays(rangeEnd, 1)) < horizonDays;
  const page = (direction: 1 | -1) => {
    const next = addDays(rangeStart, direction * RANGE_DAYS);
    setRangeStart(daysBetween(today, next) < 0 ? today : next);
    setChosenDay(null);
  };

  const headingId = useId();
  const rangeLabel = `${formatLocalDate(rangeStart, 'short')} – ${formatLocalDate(rangeEnd, 'short')}`;
  const daySlots = byDay.get(selectedDay) ?? [];

  return (
    <div className="flex flex-col gap-5">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm font-medium" aria-live="polite">
          {rangeLabel}
        </p>
        <div className="flex gap-2">
          <Button variant="outline" size="sm" disabled={!canGoBack} onClick={() => page(-1)}>
            <ChevronLeftIcon className="size-4" />
            Earlier
          </Button>
          <Button variant="outline" size="sm" disabled={!canGoForward} onClick={() => page(1)}>
            Later
            <ChevronRightIcon className="size-4" />
          </Button>
        </div>
      </div>

      {slots.isError ? (
        <ErrorState error={slots.error} title="Could not load open times" onRetry={() => slots.refetch()} />
      ) : (
        <>
          <DayStrip
            days={days}
            counts={slots.data ? byDay : null}
            selected={selectedDay}
            onSelect={setChosenDay}
            timeZone={timeZone}
          />
          <section aria-labelledby={headingId} aria-busy={slots.isFetching} className="flex flex-col gap-3">
            <h3 id={headingId} className="text-base font-semibold tracking-tight">
              Times on {formatLocalDate(selectedDay, 'medium')}
            </h3>
            {slots.isPending ? (
              <div className="grid grid-cols-3 gap-2 sm:grid-cols-5 lg:grid-cols-6" aria-hidden="true">
                {Array.from({ length: 12 }, (_, i) => (
                  <Skeleton key={i} className="h-10" />
                ))}
              </div>
            ) : slots.data.days.length === 0 ? (
              <EmptyState
                icon={<CalendarIcon className="size-6" />}
                title="No open times in these two weeks"
                description={canGoForward ? 'Try the next two weeks, or another coach.' : 'Try another coach.'}
                action={
                  canGoForward ? (
                    <Button variant="outline" onClick={() => page(1)}>
                      Show later times
                    </Button>
                  ) : null
                }
              />
            ) : daySlots.length === 0 ? (
              <p className="rounded-xl border border-dashed border-border p-4 text-sm text-muted-foreground">
                No open times on this day. Pick another day above.
              </p>
            ) : (
              <SlotGrid
                key={selectedDay}
                slots={daySlots}
                timeZone={timeZone}
                labelledBy={headingId}
                onPick={(time) =>
                  onPick({
                    localDate: selectedDay,
                    startsAt: new Date(time.startsAt),
                    endsAt: new Date(time.startsAt + durationMin * 60_000),
                  })
                }
              />
            )}
          </section>
        </>
      )}
    </div>
  );
}

function DayStrip({
  days,
  counts,
  selected,
  onSelect,
  timeZone,
}: {
  days: string[];
  counts: Map<string, OpenTime[]> | null;
  selected: string;
  onSelect: (day: string) => void;
  timeZone: string;
}) {
  const name = useId();
  return (
    // Native radios: arrow keys move between the days that have times, skipping the rest.
    <fieldset className="min-w-0">
      <legend className="sr-only">Day ({zoneAbbreviation(timeZone)})</legend>
      <div className="grid grid-cols-7 gap-1 sm:gap-2">
        {days.map((day) => {
          const count = counts?.get(day)?.length ?? 0;
          const parts = dayParts(day);
          const isSelected = day === selected;
          const loading = counts === null;
          const id = `${name}-${day}`;
          return (
            <div key={day} className="min-w-0">
              <input
                id={id}
                type="radio"
                name={name}
                value={day}
                data-date={day}
                checked={isSelected}
                disabled={!loading && count === 0}
                onChange={() => onSelect(day)}
                className="peer sr-only"
              />
              <label
                htmlFor={id}
                className={cx(
                  'flex min-w-0 flex-col items-center rounded-lg border px-0.5 py-2 text-center transition-colors',
                  'peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-ring',
                  isSelected
                    ? 'cursor-pointer border-primary bg-primary text-primary-foreground'
                    : count > 0
                      ? 'cursor-pointer border-border bg-card hover:border-brand-300 hover:bg-accent'
                      : 'border-transparent bg-muted/60 text-muted-foreground',
                )}
              >
                <span aria-hidden="true" className="text-[0.7rem] font-medium uppercase sm:text-xs">
                  {parts.weekday}
                </span>
                <span aria-hidden="true" className="text-lg leading-tight font-semibold">
                  {parts.day}
                </span>
                <span
                  aria-hidden="true"
                  className={cx('text-[0.7rem] sm:text-xs', isSelected ? 'opacity-90' : 'text-muted-foreground')}
                >
                  {loading ? '…' : count > 0 ? count : '–'}
                  <span className="max-sm:hidden">{count > 0 ? ' free' : ''}</span>
                </span>
                <span className="sr-only">
                  {formatLocalDate(day, 'medium')}:{' '}
                  {loading ? 'loading' : count === 0 ? 'no open times' : `${count} open time${count === 1 ? '' : 's'}`}
                </span>
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function SlotGrid({
  slots,
  timeZone,
  labelledBy,
  onPick,
}: {
  slots: OpenTime[];
  timeZone: string;
  labelledBy: string;
  onPick: (slot: OpenTime) => void;
}) {
  const refs = useRef<HTMLButtonElement[]>([]);
  const [active, setActive] = useState(0);
  useEffect(() => {
    if (active >= slots.length) setActive(0);
  }, [active, slots.length]);
  const hintId = useId();
  return (
    <>
      <p id={hintId} className="sr-only">
        Use the arrow keys to move between times and Enter to choose one.
      </p>
      <fieldset
        aria-labelledby={labelledBy}
        aria-describedby={hintId}
        className="grid min-w-0 grid-cols-3 gap-2 sm:grid-cols-5 lg:grid-cols-6"
        onKeyDown={(event) => {
          const target = nextGridIndex(event, refs.current.slice(0, slots.length), active);
          if (target === null) return;
          setActive(target);
          refs.current[target]?.focus();
        }}
      >
        {slots.map((slot, index) => {
          const startsAt = new Date(slot.startsAt);
          const time = formatTime(startsAt, timeZone);
          return (
            <button
              key={slot.startsAt}
              ref={(node) => {
                if (node) refs.current[index] = node;
              }}
              type="button"
              tabIndex={index === active ? 0 : -1}
              aria-label={`${time} ${zoneAbbreviation(timeZone, startsAt)}`}
              data-starts-at={startsAt.toISOString()}
              onFocus={() => setActive(index)}
              onClick={() => onPick(slot)}
              className={cx(
                'h-10 rounded-lg border border-brand-200 bg-accent text-sm font-semibold text-accent-foreground tabular-nums transition-colors',
                'hover:border-primary hover:bg-primary hover:text-primary-foreground',
                'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring dark:border-brand-800',
              )}
            >
              {time}
            </button>
          );
        })}
      </fieldset>
    </>
  );
}
