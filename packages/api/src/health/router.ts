import { publicProcedure, router, serviceProcedure } from '../core/trpc';
import { checkHealth } from './health';

export const healthRouter = router({
  check: publicProcedure.query(({ ctx }) => checkHealth(ctx.db)),
  /** Lets a service confirm its token and see which principal it is. */
  whoami: serviceProcedure('agent', 'worker').query(({ ctx }) => ({
    service: ctx.service.service,
  })),
});
