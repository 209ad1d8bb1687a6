import { authedProcedure, publicProcedure, router } from '../core/trpc';
import { completeAdminSetup } from './admin-setup';
import { currentUser } from './me';
import { adminSetupInput, emailInput, redeemCodeInput, redeemLinkInput, sessionIdInput } from './schemas';
import { requestFingerprint, signOut, startSignedInSession } from './sign-in';
import { type ClaimedCode, redeemSignInCode, redeemSignInLink, requestSignInCode } from './sign-in-code';
import { listActiveSessions, revokeOtherSessions, revokeOwnSession } from './user-session';

const signInWithCode = (ctx: Parameters<typeof startSignedInSession>[0], claimed: ClaimedCode) =>
  startSignedInSession(ctx, {
    userId: claimed.userId,
    method: 'skool_code',
    authCodeId: claimed.authCodeId,
    skoolUsername: claimed.username,
  });

export const authRouter = router({
  /** What the SPA needs to know of the server's settings before and after sign-in. */
  options: publicProcedure.query(({ ctx }) => ({
    google: ctx.settings.google !== null,
    devTools: ctx.settings.devTools,
    joinEarlyMinutes: ctx.settings.session.joinEarlyMinutes,
    cancelCutoffHours: ctx.settings.scheduling.cancelCutoffHours,
  })),

  /** Who am I: null when signed out. */
  me: publicProcedure.query(({ ctx }) => currentUser(ctx, ctx.principal)),

  requestCode: publicProcedure.input(emailInput).mutation(({ ctx, input }) => requestSignInCode(ctx, input.email)),

  /** The short code from the email, typed with the email it went to. */
  redeemCode: publicProcedure
    .input(redeemCodeInput)
    .mutation(async ({ ctx, input }) =>
      signInWithCode(ctx, await redeemSignInCode(ctx, input, requestFingerprint(ctx))),
    ),

  /** The one-click link from the same email. */
  redeemLink: publicProcedure
    .input(redeemLinkInput)
    .mutation(async ({ ctx, input }) =>
      signInWithCode(ctx, await redeemSignInLink(ctx, input.token, requestFingerprint(ctx))),
    ),

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
