import { TRPCError } from '@trpc/server';
import { authedProcedure, roleProcedure, router } from '../core/trpc';
import { assertContextAccess, readClientContext, updateClientContext } from './client-context';
import { PhotoRejected, savePhoto } from './photo-store';
import { completeOnboarding, getOwnProfile, updateCoachSettings, updateOwnProfile } from './profile';
import {
  clientIdInput,
  onboardingInput,
  setCoachLevelInput,
  updateClientContextInput,
  updateCoachSettingsInput,
  updateProfileInput,
  uploadPhotoInput,
} from './schemas';

export const userRouter = router({
  profile: authedProcedure.query(({ ctx }) => getOwnProfile(ctx.db, ctx.user.userId)),
  updateProfile: authedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateOwnProfile(ctx.db, ctx.user.userId, input)),
  uploadPhoto: authedProcedure.input(uploadPhotoInput).mutation(async ({ ctx, input }) => {
    try {
      const path = await savePhoto(ctx.settings.photoDir, ctx.user.userId, Buffer.from(input.dataBase64, 'base64'));
      await ctx.db.user.update({ where: { id: ctx.user.userId }, data: { profilePhotoPath: path } });
      return { profilePhotoPath: path };
    } catch (err) {
      if (err instanceof PhotoRejected) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
      throw err;
    }
  }),
  completeOnboarding: authedProcedure
    .input(onboardingInput)
    .mutation(({ ctx, input }) => completeOnboarding(ctx.db, ctx.user.userId, input, ctx.now())),
  updateCoachSettings: roleProcedure('coach', 'admin')
    .input(updateCoachSettingsInput)
    .mutation(({ ctx, input }) => updateCoachSettings(ctx.db, ctx.user.userId, input)),
  setCoachLevel: roleProcedure('admin')
    .input(setCoachLevelInput)
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.db.user.updateMany({
        where: { id: input.coachId, role: 'coach' },
        data: { coachLevel: input.coachLevel },
      });
      if (count === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'No coach with that id.' });
      return { coachId: input.coachId, coachLevel: input.coachLevel };
    }),
  /** A coach's clients (anyone with an appointment with them); every client for an admin. */
  myClients: roleProcedure('coach', 'admin').query(({ ctx }) =>
    ctx.db.user.findMany({
      where: {
        role: 'client',
        deletedAt: null,
        ...(ctx.user.role === 'coach' ? { clientAppointments: { some: { coachId: ctx.user.userId } } } : {}),
      },
      select: { id: true, displayName: true, email: true, profilePhotoPath: true, timezone: true },
      orderBy: { displayName: 'asc' },
    }),
  ),
  clientContext: authedProcedure.input(clientIdInput).query(async ({ ctx, input }) => {
    await assertContextAccess(ctx.db, ctx.user, input.clientId, 'read');
    return readClientContext(ctx.db, input.clientId);
  }),
  updateClientContext: roleProcedure('coach', 'admin')
    .input(updateClientContextInput)
    .mutation(async ({ ctx, input }) => {
      await assertContextAccess(ctx.db, ctx.user, input.clientId, 'edit');
      return updateClientContext(ctx.db, input);
    }),
});
