import { publicProcedure, router } from '../core/trpc';
import { getCoachCard, listAvailableCoaches } from './directory';
import { coachIdInput } from './schemas';

export const coachRouter = router({
  list: publicProcedure.query(({ ctx }) => listAvailableCoaches(ctx)),
  get: publicProcedure.input(coachIdInput).query(({ ctx, input }) => getCoachCard(ctx, input.coachId)),
});
