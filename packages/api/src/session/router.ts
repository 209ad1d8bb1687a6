import { publicProcedure, router } from '../core/trpc';
import { platformStats } from './stats';

export const sessionRouter = router({
  stats: publicProcedure.query(({ ctx }) => platformStats(ctx.db)),
});
