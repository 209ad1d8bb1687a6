import { isOpenRequest } from './skool-labels';
import type { Community, SyncRequest } from './skool-types';

/**
 * The request a community's card shows: the newest one the polled list has for it, unless the
 * overview knows of a newer open one (the list is capped and may be a moment older).
 */
export function currentRequest(
  community: Community,
  requests: readonly SyncRequest[] | undefined,
  openFromOverview: SyncRequest | null,
): SyncRequest | null {
  const listed = (requests ?? []).filter((r) => r.community === community);
  const newest = listed.reduce<SyncRequest | null>(
    (best, r) => (best === null || r.requestedAt > best.requestedAt ? r : best),
    null,
  );
  if (!openFromOverview) return newest;
  if (!newest) return openFromOverview;
  // The same request: the list is polled, so it has the fresher status.
  if (newest.id === openFromOverview.id) return newest;
  return openFromOverview.requestedAt > newest.requestedAt ? openFromOverview : newest;
}

/** Ids of open requests that the latest list shows finished: time to reload what they changed. */
export function finishedSince(previouslyOpen: ReadonlySet<string>, requests: readonly SyncRequest[]): string[] {
  return requests.filter((r) => previouslyOpen.has(r.id) && !isOpenRequest(r)).map((r) => r.id);
}
