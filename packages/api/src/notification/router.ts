import { z } from 'zod';
import { authedProcedure, router } from '../core/trpc';

export const notificationRouter = router({
  list: authedProcedure
    .input(
      z.object({
        limit: z.number().int().min(1).max(50).default(20),
        cursor: z.string().max(64).nullish(),
        unreadOnly: z.boolean().default(false),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.notification.findMany({
        where: { userId: ctx.user.userId, ...(input.unreadOnly ? { isRead: false } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
    }),
  unreadCount: authedProcedure.query(({ ctx }) =>
    ctx.db.notification.count({ where: { userId: ctx.user.userId, isRead: false } }),
  ),
  markRead: authedProcedure
    .input(z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      // Scoped to the caller: someone else's ids simply match nothing.
      const { count } = await ctx.db.notification.updateMany({
        where: { id: { in: input.ids }, userId: ctx.user.userId, isRead: false },
        data: { isRead: true, readAt: ctx.now() },
      });
      return { marked: count };
    }),
  markAllRead: authedProcedure.mutation(async ({ ctx }) => {
    const { count } = await ctx.db.notification.updateMany({
      where: { userId: ctx.user.userId, isRead: false },
      data: { isRead: true, readAt: ctx.now() },
    });
    return { marked: count };
  }),
});
