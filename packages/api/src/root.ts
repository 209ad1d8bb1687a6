import { coachRouter } from './coach/router';
import { createCallerFactory, router } from './core/trpc';
import { healthRouter } from './health/router';
import { sessionRouter } from './session/router';

export const appRouter = router({
  health: healthRouter,
  coach: coachRouter,
  session: sessionRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls with the same checks as HTTP (the worker, tests). */
export const createCaller = createCallerFactory(appRouter);
