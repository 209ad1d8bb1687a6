import { router, serviceProcedure } from '../core/trpc';
import { completeSession } from '../session/completion';
import { appendTranscript } from '../session/messages';
import { appendTranscriptInput, eventsInput } from '../session/schemas';
import { RECHECK_MS, sessionEvents } from '../session/subscription';
import { sendDueWarning } from '../session/timer';
import { agentClientContext } from '../user/client-context';
import { agentRoomToken, claimRooms, heartbeatRooms, releaseRoom } from './assignments';
import { reportAssistantState } from './assistant-state';
import { sendCaption } from './captions';
import { assertHoldsRoom } from './room-scope';
import {
  assistantStateInput,
  captionInput,
  claimInput,
  heartbeatInput,
  heldRoomInput,
  releaseInput,
  roomTokenInput,
} from './schemas';
import { readSessionText } from './session-text';

const agentProcedure = serviceProcedure('agent');
/** Procedures that read or act on one room: only for the agent holding it now (room-scope.ts). */
const heldRoomProcedure = agentProcedure.input(heldRoomInput).use(async ({ ctx, input, next }) => {
  await assertHoldsRoom(ctx, input);
  return next();
});

export const agentRouter = router({
  /** Rooms for this agent to serve, exclusively, under a lease, spread across agents (see assignments.ts). */
  claim: agentProcedure.input(claimInput).mutation(({ ctx, input }) => claimRooms(ctx, input)),
  /** Renews the leases of the rooms the agent serves; says which it lost and which have ended. */
  heartbeat: agentProcedure.input(heartbeatInput).mutation(({ ctx, input }) => heartbeatRooms(ctx, input)),
  /** Hands a room back (shutdown) or marks it done (session over). */
  release: agentProcedure.input(releaseInput).mutation(({ ctx, input }) => releaseRoom(ctx, input)),
  /** A fresh LiveKit token for a room the agent holds, to rejoin after its first one expired. */
  roomToken: agentProcedure.input(roomTokenInput).mutation(({ ctx, input }) => agentRoomToken(ctx, input)),
  /** The client's context for the agent's prompt, by the appointment the agent is serving. */
  clientContext: heldRoomProcedure.query(({ ctx, input }) => agentClientContext(ctx, input.appointmentId)),
  /** Chat and transcript of the session in order: the assistant's history after a restart. */
  sessionText: heldRoomProcedure.query(({ ctx, input }) => readSessionText(ctx.db, input.appointmentId)),
  /** Final transcript segments in batches, under the agent's claim (fenced), idempotent per segment. */
  appendTranscript: agentProcedure
    .input(appendTranscriptInput)
    .mutation(({ ctx, input }) => appendTranscript(ctx, input)),
  /** What a participant is saying right now: passed on live, never stored. */
  caption: agentProcedure.input(captionInput).mutation(({ ctx, input }) => sendCaption(ctx, input)),
  /** What the assistant is doing (listening, answering, paused), for the room's page. */
  assistantState: agentProcedure
    .input(assistantStateInput)
    .mutation(({ ctx, input }) => reportAssistantState(ctx, input)),
  /** The room's feed as the agent needs it: the coach's mode changes and "Ask the assistant". */
  roomEvents: agentProcedure.input(eventsInput.extend(heldRoomInput.shape)).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    // Checked at the start and at every re-check: the feed ends once the room is not the agent's.
    const allowed = () => assertHoldsRoom(ctx, input);
    await allowed();
    yield* sessionEvents(ctx, input.appointmentId, input.lastEventId, signal, { everyMs: RECHECK_MS, allowed }, [
      'assistant_mode',
      'assistant_asked',
    ]);
  }),
  /** Sends the timer warning that is due, if nobody has yet; returns it so the agent can say it. */
  tick: heldRoomProcedure.mutation(({ ctx, input }) =>
    sendDueWarning(ctx.db, {
      appointmentId: input.appointmentId,
      warningMinutes: ctx.settings.session.warningMinutes,
      now: ctx.now(),
    }),
  ),
  /** Ends the session (the worker then summarises it); harmless when already ended. */
  completeSession: agentProcedure.input(heldRoomInput).mutation(async ({ ctx, input }) => {
    await assertHoldsRoom(ctx, input, { completed: 'answer' });
    return completeSession(ctx.db, { appointmentId: input.appointmentId, by: 'agent', now: ctx.now() });
  }),
});
