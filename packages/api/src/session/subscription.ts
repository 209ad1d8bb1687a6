import { tracked } from '@trpc/server';
import type { Deps } from '../core/context';
import { feedWaker } from '../core/feed-waker';
import { type EphemeralEvent, eventsAfter } from './events';
import type { SessionEventType } from './live-events';

/** How often a running feed asks again whether its reader may still read it. */
export const RECHECK_MS = 5_000;

/** Captions a slow reader has not taken yet; older ones are dropped first (a newer one replaces them anyway). */
const MAX_QUEUED_LIVE = 50;

/**
 * A room's live feed: everything after `lastEventId` from the table, then new events as NOTIFY
 * wakes us. Ids only grow, so a reconnect with Last-Event-ID sees no gap and no repeat.
 * Ephemeral events (captions) arrive in the notification itself and go out with the id of the
 * last stored event, so that resuming is unaffected by them. Every `recheck.everyMs` it asks
 * `recheck.allowed()` again (sign-out, revocation, lost access) and ends with the error it
 * throws. `only` narrows the feed (the agent's, which needs a few kinds).
 */
export async function* sessionEvents(
  deps: Deps<'db' | 'events'>,
  appointmentId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
  recheck: { everyMs: number; allowed: () => Promise<void> },
  only?: readonly SessionEventType[],
) {
  let last = BigInt(lastEventId ?? 0);
  let pending = true;
  const live: EphemeralEvent[] = [];
  const wanted = (type: SessionEventType) => !only || only.includes(type);
  const waker = feedWaker(signal, recheck.everyMs, Boolean(deps.events));
  const unsubscribe =
    deps.events?.subscribe(appointmentId, (event) => {
      if (!event) pending = true;
      else if (wanted(event.type)) {
        live.push(event);
        if (live.length > MAX_QUEUED_LIVE) live.shift();
      } else return;
      waker.wake();
    }) ?? (() => {});
  try {
    while (!signal?.aborted) {
      if (waker.takeRecheck()) await recheck.allowed();
      if (pending) {
        pending = false;
        const batch = await eventsAfter(deps.db, appointmentId, last);
        for (const { id, event } of batch.events) if (wanted(event.type)) yield tracked(id, event);
        last = batch.lastId;
        if (batch.full) pending = true;
        continue;
      }
      const next = live.shift();
      if (next) {
        yield tracked(last.toString(), next);
        continue;
      }
      await waker.sleep();
      // Without a bus nothing says what changed: read again.
      if (!deps.events) pending = true;
    }
  } finally {
    waker.close();
    unsubscribe();
  }
}
