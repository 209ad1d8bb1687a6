import { authedProcedure, router } from '../core/trpc';
import { listNotifications, markRead, unreadCount } from './inbox';
import { preferencesOf, updatePreferences } from './preferences';
import { listNotificationsInput, markReadInput, updatePreferencesInput } from './schemas';

export const notificationRouter = router({
  list: authedProcedure
    .input(listNotificationsInput)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.userId, input)),
  unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx.db, ctx.user.userId)),
  markRead: authedProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.user.userId, { ids: input.ids, now: ctx.now() })),
  markAllRead: authedProcedure.mutation(({ ctx }) => markRead(ctx.db, ctx.user.userId, { now: ctx.now() })),
  /** Which topics also come by email, and the locale emails write dates in. */
  preferences: authedProcedure.query(({ ctx }) => preferencesOf(ctx.db, ctx.user.userId)),
  updatePreferences: authedProcedure
    .input(updatePreferencesInput)
    .mutation(({ ctx, input }) => updatePreferences(ctx.db, ctx.user.userId, input)),
});
