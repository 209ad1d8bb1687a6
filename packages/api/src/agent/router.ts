import { z } from 'zod';
import { router, serviceProcedure } from '../core/trpc';
import { completeSession } from '../session/completion';
import { appendTranscript } from '../session/messages';
import { appendTranscriptInput, completeInput } from '../session/schemas';
import { sendDueWarning } from '../session/timer';
import { agentClientContext } from '../user/client-context';
import { agentRoomToken, claimRooms, heartbeatRooms, releaseRoom } from './assignments';
import { claimInput, heartbeatInput, releaseInput, roomTokenInput, sessionTextInput } from './schemas';
import { readSessionText } from './session-text';

const agentProcedure = serviceProcedure('agent');
const appointmentInput = z.object({ appointmentId: z.string().min(1).max(64) });

export const agentRouter = router({
  /** Rooms for this agent to serve, exclusively and under a lease (see assignments.ts). */
  claim: agentProcedure.input(claimInput).mutation(({ ctx, input }) => claimRooms(ctx, input)),
  /** Renews the leases of the rooms the agent serves; says which it lost and which have ended. */
  heartbeat: agentProcedure.input(heartbeatInput).mutation(({ ctx, input }) => heartbeatRooms(ctx, input)),
  /** Hands a room back (shutdown) or marks it done (session over). */
  release: agentProcedure.input(releaseInput).mutation(({ ctx, input }) => releaseRoom(ctx, input)),
  /** A fresh LiveKit token for a room the agent holds, to rejoin after its first one expired. */
  roomToken: agentProcedure.input(roomTokenInput).mutation(({ ctx, input }) => agentRoomToken(ctx, input)),
  /** The client's context for the agent's prompt, by the appointment the agent is serving. */
  clientContext: agentProcedure
    .input(appointmentInput)
    .query(({ ctx, input }) => agentClientContext(ctx, input.appointmentId)),
  /** Chat and transcript of the session in order: what the agent summarises at the end. */
  sessionText: agentProcedure
    .input(sessionTextInput)
    .query(({ ctx, input }) => readSessionText(ctx.db, input.appointmentId)),
  /** Transcript segments in batches, idempotent on each segment's clientId. */
  appendTranscript: agentProcedure
    .input(appendTranscriptInput)
    .mutation(({ ctx, input }) => appendTranscript(ctx.db, input)),
  /** Sends the timer warning that is due, if nobody has yet; returns it so the agent can say it. */
  tick: agentProcedure.input(appointmentInput).mutation(({ ctx, input }) =>
    sendDueWarning(ctx.db, {
      appointmentId: input.appointmentId,
      warningMinutes: ctx.settings.session.warningMinutes,
      now: ctx.now(),
    }),
  ),
  /** Ends the session with the agent's summary and topics; harmless when already ended. */
  completeSession: agentProcedure.input(completeInput).mutation(({ ctx, input }) =>
    completeSession(ctx.db, {
      appointmentId: input.appointmentId,
      by: 'agent',
      summary: input.summary,
      topics: input.topics,
      now: ctx.now(),
    }),
  ),
});
