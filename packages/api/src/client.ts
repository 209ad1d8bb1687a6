import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './root';

export type ApiClient = TRPCClient<AppRouter>;

type EventSourceConstructor = NonNullable<Parameters<typeof httpSubscriptionLink>[0]['EventSource']>;

/**
 * The typed client a service (the agent) uses to reach the server: tRPC over HTTP with its
 * bearer token. Imports only the router's type, so no database code comes along. Subscriptions
 * (server-sent events) need an `EventSource` that takes a `fetch` option (the `eventsource`
 * package in Node), so that they carry the token too.
 */
export function createServiceClient(options: {
  url: string;
  token: string;
  fetch?: typeof fetch;
  EventSource?: EventSourceConstructor;
}): ApiClient {
  const url = `${options.url.replace(/\/$/, '')}/trpc`;
  const authorization = `Bearer ${options.token}`;
  const calls = httpBatchLink({
    url,
    transformer: superjson,
    headers: () => ({ authorization }),
    fetch: options.fetch,
  });
  const fetchWithToken: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    return (options.fetch ?? fetch)(input, { ...init, headers });
  };
  const links: TRPCLink<AppRouter>[] = options.EventSource
    ? [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url,
            transformer: superjson,
            EventSource: options.EventSource,
            eventSourceOptions: { fetch: fetchWithToken },
          }),
          false: calls,
        }),
      ]
    : [calls];
  return createTRPCClient<AppRouter>({ links });
}
