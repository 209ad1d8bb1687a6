import type { AppRouter } from '@hybridcoach/api';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext, createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import superjson from 'superjson';
import { errorHttpStatus } from './lib/error-message';

/** In components: `const trpc = useTRPC(); useQuery(trpc.coach.list.queryOptions())`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx answer (not signed in, not found, bad input) will not change on retry.
      retry: (failures, error) => {
        const status = errorHttpStatus(error);
        if (status !== null && status >= 400 && status < 500) return false;
        return failures < 2;
      },
    },
  },
});

// Same origin (the Vite dev proxy or the Node server), so the session cookie goes along.
// Subscriptions (a room's live events) are Server-Sent Events through the browser's own
// EventSource, which reconnects by itself and resumes from the last event id it saw.
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc', transformer: superjson }),
      false: httpBatchLink({ url: '/trpc', transformer: superjson }),
    }),
  ],
});

/** Outside React (route loaders): `queryClient.ensureQueryData(trpc.x.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
