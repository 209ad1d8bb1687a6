import type { AppRouter } from '@hybridcoach/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** What procedures answer, as the client receives them (superjson keeps Dates as Dates). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type OwnProfile = RouterOutputs['user']['profile'];
export type ActiveSession = RouterOutputs['auth']['sessions'][number];
export type ClientContext = RouterOutputs['user']['clientContext'];
export type PreferenceValue = NonNullable<RouterInputs['user']['updateClientContext']['preferences']>[string];
