import { TRPCError } from '@trpc/server';
import { publicProcedure, router } from '../core/trpc';
import { getCoachCard, listAvailableCoaches } from './directory';
import { coachIdInput } from './schemas';

export const coachRouter = router({
  list: publicProcedure.query(({ ctx }) => listAvailableCoaches(ctx.db)),
  get: publicProcedure.input(coachIdInput).query(async ({ ctx, input }) => {
    const card = await getCoachCard(ctx.db, input.coachId);
    if (!card) throw new TRPCError({ code: 'NOT_FOUND', message: 'No coach with that id.' });
    return card;
  }),
});
