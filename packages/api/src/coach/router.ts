import { publicProcedure, router } from '../core/trpc';
import { getCoachCard, listAvailableCoaches } from './directory';
import { coachIdInput } from './schemas';

export const coachRouter = router({
  list: publicProcedure.query(({ ctx }) => listAvailableCoaches(ctx.db)),
  get: publicProcedure.input(coachIdInput).query(({ ctx, input }) => getCoachCard(ctx.db, input.coachId)),
});
