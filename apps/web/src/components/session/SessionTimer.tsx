import { useEffect, useState } from 'react';
import { cx } from '../../lib/class-names';
import type { TimerWarning } from './room-events';
import { describeTimeLeft, formatClock, formatCountdown } from './session-format';

/** The current time, ticking every second while mounted. */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface SessionTimerProps {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  ended: boolean;
  className?: string;
}

/**
 * The session's clock: "starts in" before the start, the time left until the end afterwards.
 * The digits tick silently (role="timer"); the warnings are announced by SessionWarnings.
 */
export function SessionTimer({ startsAt, endsAt, timeZone, ended, className }: SessionTimerProps) {
  const now = useNow();
  const beforeStart = now < startsAt;
  const left = endsAt.getTime() - now.getTime();
  const label = ended ? 'Session' : beforeStart ? 'Starts in' : left > 0 ? 'Time left' : 'Time is up';
  const digits = ended ? 'Ended' : formatCountdown(beforeStart ? startsAt.getTime() - now.getTime() : left);
  const urgent = !ended && !beforeStart && left <= 5 * 60_000;
  return (
    <div
      className={cx(
        'flex items-center gap-3 rounded-xl border px-3 py-2',
        urgent ? 'border-warning-foreground/40 bg-warning-muted text-warning-foreground' : 'border-border bg-card',
        className,
      )}
    >
      <div className="flex flex-col leading-tight">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <span
          role="timer"
          aria-label={ended ? 'Session ended' : beforeStart ? `Starts in ${digits}` : describeTimeLeft(left)}
          className="text-xl font-semibold tabular-nums"
        >
          {digits}
        </span>
      </div>
      <span className="text-xs text-muted-foreground">
        {formatClock(startsAt, timeZone)}–{formatClock(endsAt, timeZone)}
      </span>
    </div>
  );
}

/**
 * Timer warnings from the server, as they arrive. The live region is always in the page so
 * that screen readers announce what appears in it; only the latest warning is shown.
 */
export function SessionWarnings({ warnings, className }: { warnings: TimerWarning[]; className?: string }) {
  const latest = warnings.at(-1);
  return (
    <div aria-live="assertive" aria-atomic="true" className={className}>
      {latest ? (
        <p className="flex items-center gap-2 rounded-xl border border-warning-foreground/30 bg-warning-muted px-4 py-3 text-sm font-medium text-warning-foreground">
          <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-warning-foreground" />
          {latest.minutesLeft} minute{latest.minutesLeft === 1 ? '' : 's'} left in this session.
        </p>
      ) : null}
    </div>
  );
}
