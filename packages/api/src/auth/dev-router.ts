import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../core/context';
import { publicProcedure, router } from '../core/trpc';
import { DevMailbox } from '../notification/mailer';
import { startSignedInSession } from './sign-in';

/** Dev-only procedures answer NOT_FOUND in production: as far as anyone can tell, they do not exist. */
const devProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.settings.devTools) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such procedure.' });
  return next();
});

function mailbox(ctx: Context): DevMailbox {
  if (!(ctx.mailer instanceof DevMailbox))
    throw new TRPCError({ code: 'NOT_FOUND', message: 'Email goes out by SMTP here; there is no dev mailbox.' });
  return ctx.mailer;
}

export const devRouter = router({
  /** Everyone to sign in as, so a newcomer can try every role at once. */
  users: devProcedure.query(({ ctx }) =>
    ctx.db.user.findMany({
      where: { deletedAt: null },
      select: { id: true, displayName: true, email: true, role: true },
      orderBy: [{ role: 'asc' }, { displayName: 'asc' }],
      take: 100,
    }),
  ),
  signInAs: devProcedure
    .input(z.object({ userId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => startSignedInSession(ctx, { userId: input.userId, method: 'dev' })),
  mailbox: devProcedure.query(({ ctx }) => mailbox(ctx).list()),
});
