import { tracked } from '@trpc/server';
import type { Deps } from '../core/context';
import { eventsAfter } from './events';

/** How often a running feed asks again whether its reader may still read it. */
export const RECHECK_MS = 5_000;

/**
 * A participant's live feed: everything after `lastEventId` from the table, then new events as
 * NOTIFY wakes us. Ids only grow, so a reconnect with Last-Event-ID sees no gap and no repeat.
 * Every `recheck.everyMs` it asks `recheck.allowed()` again (sign-out, revocation, lost access)
 * and ends with the error it throws.
 */
export async function* sessionEvents(
  deps: Deps<'db' | 'events'>,
  appointmentId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
  recheck: { everyMs: number; allowed: () => Promise<void> },
) {
  let last = BigInt(lastEventId ?? 0);
  let pending = true;
  let wake: (() => void) | null = null;
  const unsubscribe =
    deps.events?.subscribe(appointmentId, () => {
      pending = true;
      wake?.();
    }) ?? (() => {});
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  let recheckDue = false;
  const timer = setInterval(() => {
    recheckDue = true;
    wake?.();
  }, recheck.everyMs);
  try {
    while (!signal?.aborted) {
      if (recheckDue) {
        recheckDue = false;
        await recheck.allowed();
      }
      if (pending) {
        pending = false;
        const batch = await eventsAfter(deps.db, appointmentId, last);
        for (const { id, event } of batch.events) yield tracked(id, event);
        last = batch.lastId;
        if (batch.full) pending = true;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Without a bus (tests, in-process callers) poll, so the feed still moves.
        if (!deps.events) setTimeout(resolve, 500);
      });
      wake = null;
      if (!deps.events) pending = true;
    }
  } finally {
    clearInterval(timer);
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
