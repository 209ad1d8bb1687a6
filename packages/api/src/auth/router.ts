import { TRPCError } from '@trpc/server';
import { authedProcedure, publicProcedure, router } from '../core/trpc';
import { recordAudit } from './audit';
import { codeInput, emailInput, sessionIdInput } from './schemas';
import { requestFingerprint, signOut, startSignedInSession } from './sign-in';
import { claimSignInCode, requestSignInCode } from './sign-in-code';
import { listActiveSessions, revokeOwnSession } from './user-session';

export const authRouter = router({
  /** What the sign-in page can offer here. */
  /** What the SPA needs to know of the server's settings before and after sign-in. */
  options: publicProcedure.query(({ ctx }) => ({
    google: ctx.settings.google !== null,
    devTools: ctx.settings.devTools,
    joinEarlyMinutes: ctx.settings.session.joinEarlyMinutes,
  })),

  /** Who am I: null when signed out. */
  me: publicProcedure.query(async ({ ctx }) => {
    if (ctx.principal.kind !== 'user') return null;
    const user = await ctx.db.user.findUnique({
      where: { id: ctx.principal.userId },
      select: {
        id: true,
        email: true,
        displayName: true,
        role: true,
        timezone: true,
        profilePhotoPath: true,
        profile: { select: { onboardingCompleted: true } },
      },
    });
    if (!user) return null;
    const { profile, ...rest } = user;
    return { ...rest, needsOnboarding: user.role === 'client' && !profile?.onboardingCompleted };
  }),

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

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx, ctx.user.userId, ctx.user.userSessionId);
    return { signedOut: true };
  }),

  sessions: authedProcedure.query(async ({ ctx }) => {
    const sessions = await listActiveSessions(ctx.db, ctx.user.userId, ctx.now());
    return sessions.map((s) => ({ ...s, current: s.id === ctx.user.userSessionId }));
  }),

  revokeSession: authedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    if (!(await revokeOwnSession(ctx.db, ctx.user.userId, input.sessionId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No active session of yours with that id.' });
    }
    await recordAudit(ctx.db, {
      action: 'auth.session_revoked',
      userId: ctx.user.userId,
      targetId: input.sessionId,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { revoked: true, wasCurrent: input.sessionId === ctx.user.userSessionId };
  }),
});
