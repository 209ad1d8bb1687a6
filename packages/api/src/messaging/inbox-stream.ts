import { tracked } from '@trpc/server';
import { liveSessionRole } from '../auth/session-liveness';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { feedWaker } from '../core/feed-waker';
import type { UserPrincipal } from '../core/principal';
import { accessRule } from '../relationship/access';
import { type InboxEvent, toView } from './inbox-events';
import { memberThreadIds, messageRow, unreadByThread } from './threads';

const BATCH = 200;

/**
 * A person's inbox, live: new messages in their threads (each with its id, so a reconnect with
 * Last-Event-ID resumes after it), and the unread counts whenever they change (carrying the
 * last message id seen, which moves nothing). Woken by NOTIFY on the person's channel; every
 * `recheck.everyMs` it checks the sign-in still stands, and it re-reads which threads the
 * person may read on every wake, so a coach who loses access stops hearing at once.
 */
export async function* inboxEvents(
  deps: Deps<'db' | 'events' | 'now' | 'settings'>,
  user: UserPrincipal,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
  recheck: { everyMs: number },
) {
  const threads = () => memberThreadIds(deps.db, user.userId, accessRule(deps.settings, deps.now()));
  let last = lastEventId ? BigInt(lastEventId) : await newestId(deps, await threads());
  let pending = true;
  let sentSummary = '';
  const waker = feedWaker(signal, recheck.everyMs, Boolean(deps.events));
  const unsubscribe =
    deps.events?.subscribeInbox(user.userId, () => {
      pending = true;
      waker.wake();
    }) ?? (() => {});
  try {
    while (!signal?.aborted) {
      if (waker.takeRecheck()) {
        if (!(await liveSessionRole(deps.db, user.userSessionId, deps.now()))) {
          throw new DomainError('UNAUTHORIZED', 'Your sign-in has ended. Sign in again.');
        }
      }
      if (pending) {
        pending = false;
        const ids = await threads();
        const rows =
          ids.length === 0
            ? []
            : await deps.db.directMessage.findMany({
                where: { relationshipId: { in: ids }, id: { gt: last } },
                orderBy: { id: 'asc' },
                take: BATCH,
                select: messageRow,
              });
        for (const row of rows) {
          last = row.id;
          yield tracked(row.id.toString(), { type: 'message', message: toView(row) } satisfies InboxEvent);
        }
        if (rows.length === BATCH) {
          pending = true;
          continue;
        }
        const counts = await unreadByThread(deps.db, user.userId, ids);
        const summary: InboxEvent = {
          type: 'unread',
          total: Object.values(counts).reduce((sum, n) => sum + n, 0),
          threads: counts,
        };
        const key = JSON.stringify(summary);
        if (key !== sentSummary) {
          sentSummary = key;
          yield tracked(last.toString(), summary);
        }
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

/** Where a fresh stream starts: after the newest message the person can see (or anyone's, when none). */
async function newestId(deps: Deps<'db'>, threadIds: string[]): Promise<bigint> {
  const newest = await deps.db.directMessage.aggregate({
    where: threadIds.length === 0 ? {} : { relationshipId: { in: threadIds } },
    _max: { id: true },
  });
  return newest._max.id ?? 0n;
}
