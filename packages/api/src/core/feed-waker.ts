/** How long a feed without an event bus (in-process callers, some tests) waits before reading again. */
const POLL_MS = 500;

/**
 * What a live feed (an async generator woken by NOTIFY) waits on between reads: a notification
 * (`wake`), the re-check timer, or its reader leaving (the signal). Every tick of the timer is a
 * re-check — comparing clocks would let a tick that fires a little early wait for the next one,
 * up to twice the interval. Without a bus the feed polls. `close` in the generator's `finally`.
 */
export function feedWaker(signal: AbortSignal | undefined, recheckEveryMs: number, hasBus: boolean) {
  let resume: (() => void) | null = null;
  let recheckDue = false;
  const wake = () => resume?.();
  signal?.addEventListener('abort', wake);
  const timer = setInterval(() => {
    recheckDue = true;
    wake();
  }, recheckEveryMs);
  return {
    /** Something arrived: the feed reads again. */
    wake,
    /** Whether the timer has ticked since the last call. */
    takeRecheck(): boolean {
      const due = recheckDue;
      recheckDue = false;
      return due;
    },
    /** Until woken, the timer ticks or the reader leaves; without a bus, at most POLL_MS. */
    async sleep(): Promise<void> {
      await new Promise<void>((resolve) => {
        resume = resolve;
        if (!hasBus) setTimeout(resolve, POLL_MS);
      });
      resume = null;
    },
    close() {
      clearInterval(timer);
      signal?.removeEventListener('abort', wake);
    },
  };
}
