import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './root';

export type ApiClient = TRPCClient<AppRouter>;

/**
 * The typed client a service (the agent) uses to reach the server: tRPC over HTTP with its
 * bearer token. Imports only the router's type, so no database code comes along.
 */
export function createServiceClient(options: { url: string; token: string; fetch?: typeof fetch }): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/$/, '')}/trpc`,
        transformer: superjson,
        headers: () => ({ authorization: `Bearer ${options.token}` }),
        fetch: options.fetch,
      }),
    ],
  });
}
