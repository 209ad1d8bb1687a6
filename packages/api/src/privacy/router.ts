import { z } from 'zod';
import { authedProcedure, roleProcedure, router, serviceProcedure } from '../core/trpc';
import {
  applyTranscriptRetention,
  cancelErasure,
  findMember,
  pendingErasures,
  purgeDueErasures,
  requestErasure,
} from './erasure';
import { adminExports, buildExport, myExports, pendingExports, removeExpiredExports, requestExport } from './export';
import {
  agreeToNotice,
  pauseTranscription,
  resumeTranscription,
  roomPrivacy,
  setAssistantForGood,
  setSessionAssistant,
} from './room-privacy';
import {
  adminMemberInput,
  agreeInput,
  assistantForGoodInput,
  cancelErasureInput,
  exportIdInput,
  memberEmailInput,
  roomPrivacyInput,
  sessionAssistantInput,
} from './schemas';

const workerProcedure = serviceProcedure('worker');

export const privacyRouter = router({
  /** Consent needed, the assistant's state and transcription's, for a room's page. */
  room: authedProcedure
    .input(roomPrivacyInput)
    .query(({ ctx, input }) => roomPrivacy(ctx, ctx.user, input.appointmentId)),
  /** Agrees to the transcription and AI notice (who, when, which version). */
  agree: authedProcedure.input(agreeInput).mutation(({ ctx, input }) => agreeToNotice(ctx, ctx.user, input)),
  pauseTranscription: authedProcedure
    .input(roomPrivacyInput)
    .mutation(({ ctx, input }) => pauseTranscription(ctx, ctx.user, input.appointmentId)),
  resumeTranscription: authedProcedure
    .input(roomPrivacyInput)
    .mutation(({ ctx, input }) => resumeTranscription(ctx, ctx.user, input.appointmentId)),
  /** The client turns the assistant off or on for one session. */
  setSessionAssistant: roleProcedure('client')
    .input(sessionAssistantInput)
    .mutation(({ ctx, input }) => setSessionAssistant(ctx, ctx.user, input)),
  /** The client turns the assistant off or on for all their sessions. */
  setAssistantForGood: roleProcedure('client')
    .input(assistantForGoodInput)
    .mutation(({ ctx, input }) => setAssistantForGood(ctx, ctx.user, input)),

  /** Everything about the signed-in member, built by the worker; `myExports` shows progress and the link. */
  requestExport: authedProcedure.mutation(({ ctx }) => requestExport(ctx, ctx.user, {})),
  myExports: authedProcedure.query(({ ctx }) => myExports(ctx, ctx.user)),
  /** Deletes the signed-in member's account: signed out now, purged after the cooling-off period. */
  requestErasure: authedProcedure
    .input(z.object({ confirm: z.literal('DELETE', { error: 'type DELETE to confirm' }) }))
    .mutation(({ ctx }) => requestErasure(ctx, ctx.user, {})),

  admin: router({
    findMember: roleProcedure('admin')
      .input(memberEmailInput)
      .query(({ ctx, input }) => findMember(ctx, input)),
    exportMember: roleProcedure('admin')
      .input(adminMemberInput)
      .mutation(({ ctx, input }) => requestExport(ctx, ctx.user, input)),
    exports: roleProcedure('admin').query(({ ctx }) => adminExports(ctx, ctx.user)),
    eraseMember: roleProcedure('admin')
      .input(adminMemberInput)
      .mutation(({ ctx, input }) => requestErasure(ctx, ctx.user, input)),
    pendingErasures: roleProcedure('admin').query(({ ctx }) => pendingErasures(ctx)),
    cancelErasure: roleProcedure('admin')
      .input(cancelErasureInput)
      .mutation(({ ctx, input }) => cancelErasure(ctx, ctx.user, input)),
  }),

  worker: router({
    pendingExports: workerProcedure.query(({ ctx }) => pendingExports(ctx)),
    buildExport: workerProcedure.input(exportIdInput).mutation(({ ctx, input }) => buildExport(ctx, input)),
    removeExpiredExports: workerProcedure.mutation(({ ctx }) => removeExpiredExports(ctx)),
    purgeErasures: workerProcedure.mutation(({ ctx }) => purgeDueErasures(ctx)),
    applyRetention: workerProcedure.mutation(({ ctx }) => applyTranscriptRetention(ctx)),
  }),
});
