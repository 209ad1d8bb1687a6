import type { QueryClient } from '@tanstack/react-query';
import type { AnyRouter } from '@tanstack/react-router';
import { errorHttpStatus } from '../lib/error-message';
import { trpc } from '../trpc';
import { refreshViewer } from './viewer';

/**
 * A session can end while a page is open (it expired, or was revoked from another device).
 * The first query that comes back 401 re-reads `auth.me` and re-runs the route guards, which
 * send the person to the sign-in page and back here afterwards. Failed mutations are left to
 * their forms, which say so, so that nobody loses what they were typing.
 */
export function watchForLostSession(queryClient: QueryClient, router: AnyRouter): () => void {
  const meKey = JSON.stringify(trpc.auth.me.queryKey());
  let checking = false;
  const check = async () => {
    if (checking || !queryClient.getQueryData(trpc.auth.me.queryKey())) return;
    checking = true;
    try {
      if ((await refreshViewer(queryClient)) === null) await router.invalidate();
    } finally {
      checking = false;
    }
  };
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'error') return;
    if (JSON.stringify(event.query.queryKey) === meKey) return;
    if (errorHttpStatus(event.action.error) === 401) void check();
  });
}
