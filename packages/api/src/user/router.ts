import { setCoachLevel } from '../admin/users';
import { authedProcedure, roleProcedure, router } from '../core/trpc';
import { clientContextFor, editClientContext } from './client-context';
import { listMyClients } from './my-clients';
import {
  completeOnboarding,
  getOwnProfile,
  setOwnTimezone,
  setProfilePhoto,
  updateCoachSettings,
  updateOwnProfile,
} from './profile';
import {
  clientIdInput,
  onboardingInput,
  setCoachLevelInput,
  setTimezoneInput,
  updateClientContextInput,
  updateCoachSettingsInput,
  updateProfileInput,
  uploadPhotoInput,
} from './schemas';

export const userRouter = router({
  profile: authedProcedure.query(({ ctx }) => getOwnProfile(ctx, ctx.user.userId)),
  updateProfile: authedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateOwnProfile(ctx, ctx.user.userId, input)),
  setTimezone: authedProcedure
    .input(setTimezoneInput)
    .mutation(({ ctx, input }) => setOwnTimezone(ctx.db, ctx.user.userId, input.timezone)),
  uploadPhoto: authedProcedure.input(uploadPhotoInput).mutation(({ ctx, input }) =>
    setProfilePhoto(ctx.db, ctx.user.userId, {
      photoDir: ctx.settings.photoDir,
      bytes: Buffer.from(input.dataBase64, 'base64'),
    }),
  ),
  completeOnboarding: authedProcedure
    .input(onboardingInput)
    .mutation(({ ctx, input }) => completeOnboarding(ctx, ctx.user.userId, input, ctx.now())),
  updateCoachSettings: roleProcedure('coach', 'admin')
    .input(updateCoachSettingsInput)
    .mutation(({ ctx, input }) => updateCoachSettings(ctx, ctx.user.userId, input)),
  setCoachLevel: roleProcedure('admin')
    .input(setCoachLevelInput)
    .mutation(({ ctx, input }) => setCoachLevel(ctx.db, ctx.user, input)),
  /** A coach's clients (a live relationship); every client for an admin. */
  myClients: roleProcedure('coach', 'admin').query(({ ctx }) => listMyClients(ctx, ctx.user)),
  clientContext: authedProcedure
    .input(clientIdInput)
    .query(({ ctx, input }) => clientContextFor(ctx, ctx.user, input.clientId)),
  updateClientContext: roleProcedure('coach', 'admin')
    .input(updateClientContextInput)
    .mutation(({ ctx, input }) => editClientContext(ctx, ctx.user, input)),
});
