import { z } from 'zod';
import { DomainError } from '../core/errors';
import { publicProcedure, router } from '../core/trpc';
import { devMailbox, devUsers } from './dev-tools';
import { startSignedInSession } from './sign-in';

/** Dev-only procedures answer NOT_FOUND in production: as far as anyone can tell, they do not exist. */
const devProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.settings.devTools) throw new DomainError('NOT_FOUND', 'No such procedure.');
  return next();
});

export const devRouter = router({
  /** Everyone to sign in as, so a newcomer can try every role at once. */
  users: devProcedure.query(({ ctx }) => devUsers(ctx.db)),
  signInAs: devProcedure
    .input(z.object({ userId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => startSignedInSession(ctx, { userId: input.userId, method: 'dev' })),
  mailbox: devProcedure.query(({ ctx }) => devMailbox(ctx.mailer).list()),
});
