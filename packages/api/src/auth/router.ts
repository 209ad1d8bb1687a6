import { authedProcedure, publicProcedure, router } from '../core/trpc';
import { completeAdminSetup } from './admin-setup';
import { currentUser } from './me';
import { adminSetupInput, codeInput, emailInput, sessionIdInput } from './schemas';
import { requestFingerprint, signOut, startSignedInSession } from './sign-in';
import { claimSignInCode, requestSignInCode } from './sign-in-code';
import { listActiveSessions, revokeOtherSessions, revokeOwnSession } from './user-session';

export const authRouter = router({
  /** What the SPA needs to know of the server's settings before and after sign-in. */
  options: publicProcedure.query(({ ctx }) => ({
    google: ctx.settings.google !== null,
    devTools: ctx.settings.devTools,
    joinEarlyMinutes: ctx.settings.session.joinEarlyMinutes,
  })),

  /** Who am I: null when signed out. */
  me: publicProcedure.query(({ ctx }) => currentUser(ctx, ctx.principal)),

  requestCode: publicProcedure.input(emailInput).mutation(({ ctx, input }) => requestSignInCode(ctx, input.email)),

  redeemCode: publicProcedure.input(codeInput).mutation(async ({ ctx, input }) => {
    const claimed = await claimSignInCode(ctx, input.code, requestFingerprint(ctx));
    return startSignedInSession(ctx, {
      userId: claimed.userId,
      method: 'skool_code',
      authCode: claimed.code,
      skoolUsername: claimed.username,
    });
  }),

  /** Redeems the one-time setup link of a database without admins: the first admin, signed in. */
  setupAdmin: publicProcedure.input(adminSetupInput).mutation(({ ctx, input }) => completeAdminSetup(ctx, input)),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx, ctx.user.userId, ctx.user.userSessionId);
    return { signedOut: true };
  }),

  sessions: authedProcedure.query(async ({ ctx }) => {
    const sessions = await listActiveSessions(ctx.db, ctx.user.userId, ctx.now());
    return sessions.map((s) => ({ ...s, current: s.id === ctx.user.userSessionId }));
  }),

  /** Signs out every other browser of the caller's. */
  revokeOtherSessions: authedProcedure.mutation(({ ctx }) => revokeOtherSessions(ctx, ctx.user)),

  revokeSession: authedProcedure
    .input(sessionIdInput)
    .mutation(({ ctx, input }) => revokeOwnSession(ctx, ctx.user, input.sessionId)),
});
