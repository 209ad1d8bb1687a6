import { authedProcedure, router } from '../core/trpc';
import {
  agreeToNotice,
  pauseTranscription,
  resumeTranscription,
  roomPrivacy,
  setAssistantForGood,
  setSessionAssistant,
} from './room-privacy';
import { agreeInput, assistantForGoodInput, roomPrivacyInput, sessionAssistantInput } from './schemas';

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
  setSessionAssistant: authedProcedure
    .input(sessionAssistantInput)
    .mutation(({ ctx, input }) => setSessionAssistant(ctx, ctx.user, input)),
  /** The client turns the assistant off or on for all their sessions. */
  setAssistantForGood: authedProcedure
    .input(assistantForGoodInput)
    .mutation(({ ctx, input }) => setAssistantForGood(ctx, ctx.user, input)),
});
