import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '../lib/api-types';
import { trpc, useTRPC } from '../trpc';

/** The signed-in person as `auth.me` describes them. */
export type Viewer = NonNullable<RouterOutputs['auth']['me']>;
export type Role = Viewer['role'];

/** `auth.me`: undefined while loading, null when signed out. Drives the header, nav and guards. */
export function useViewer() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}

/**
 * Fetches `auth.me` now, whatever the cache holds: call it after anything that changes who is
 * signed in or whether they still need onboarding, before navigating (the guards read the cache).
 */
export function refreshViewer(queryClient: QueryClient): Promise<Viewer | null> {
  return queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
}

/**
 * After signing out (or losing the session): nobody is signed in, and nothing the previous
 * person could see stays in the cache. Call once the page showing their data is gone.
 */
export function forgetViewer(queryClient: QueryClient): void {
  const meKey = trpc.auth.me.queryKey();
  queryClient.setQueryData(meKey, null);
  queryClient.removeQueries({ type: 'inactive' });
}

export const roleLabels: Record<Role, string> = { client: 'Client', coach: 'Coach', admin: 'Admin' };
