import { authedProcedure, publicProcedure, router } from '../core/trpc';
import { askAssistant, setAssistantMode } from './assistant';
import { endSession } from './completion';
import { mySessions, sessionDetail } from './history';
import { joinRoom } from './join';
import { roomLobby } from './lobby';
import { sendChat } from './messages';
import { rateSession } from './rating';
import { assertStillWatching } from './room-access';
import {
  appointmentIdInput,
  assistantModeInput,
  chatInput,
  eventsInput,
  historyInput,
  rateInput,
  sessionDetailInput,
  signalInput,
} from './schemas';
import { sendSignal } from './signalling';
import { platformStats } from './stats';
import { feedPresence, leaveRoom } from './stream-presence';
import { RECHECK_MS, sessionEvents } from './subscription';

export const sessionRouter = router({
  stats: publicProcedure.query(({ ctx }) => platformStats(ctx.db)),
  /** The waiting room: who is in the room and what the assistant is doing, without joining. */
  lobby: authedProcedure
    .input(appointmentIdInput)
    .query(({ ctx, input }) => roomLobby(ctx, ctx.user, input.appointmentId)),
  join: authedProcedure
    .input(appointmentIdInput)
    .mutation(({ ctx, input }) => joinRoom(ctx, ctx.user, input.appointmentId)),
  /** The Leave button: the caller's stay ends now. */
  leave: authedProcedure
    .input(appointmentIdInput)
    .mutation(({ ctx, input }) => leaveRoom(ctx, ctx.user, input.appointmentId)),
  /** Peer-to-peer call signalling (rooms without LiveKit), carried to the other page by the feed. */
  signal: authedProcedure.input(signalInput).mutation(({ ctx, input }) => sendSignal(ctx, ctx.user, input)),
  sendMessage: authedProcedure.input(chatInput).mutation(({ ctx, input }) => sendChat(ctx, ctx.user, input)),
  /**
   * Live messages, timer warnings, state changes and call signals (SSE); resumes from
   * Last-Event-ID. Without LiveKit, holding it is being in the room (presence).
   */
  events: authedProcedure.input(eventsInput).subscription(async function* ({ ctx, input, signal }) {
    const watching = () => assertStillWatching(ctx, ctx.user, input.appointmentId);
    await watching();
    const presence = ctx.settings.livekit ? null : feedPresence(ctx, ctx.user, input.appointmentId);
    await presence?.opened();
    const allowed = async () => {
      await watching();
      await presence?.still();
    };
    try {
      yield* sessionEvents(ctx, input.appointmentId, input.lastEventId, signal, { everyMs: RECHECK_MS, allowed });
    } finally {
      presence?.closed();
    }
  }),
  /** The coach (or an admin) sets how the assistant takes part: scribe, off or conversational. */
  setAssistantMode: authedProcedure
    .input(assistantModeInput)
    .mutation(({ ctx, input }) => setAssistantMode(ctx, ctx.user, input)),
  /** "Ask the assistant": what the asker says next is addressed to it. */
  askAssistant: authedProcedure
    .input(appointmentIdInput)
    .mutation(({ ctx, input }) => askAssistant(ctx, ctx.user, input)),
  /** The coach (or an admin) ends the session for everyone. */
  end: authedProcedure
    .input(appointmentIdInput)
    .mutation(({ ctx, input }) => endSession(ctx.db, ctx.user, { appointmentId: input.appointmentId, now: ctx.now() })),
  rate: authedProcedure.input(rateInput).mutation(({ ctx, input }) => rateSession(ctx.db, ctx.user, input)),
  mine: authedProcedure.input(historyInput).query(({ ctx, input }) => mySessions(ctx.db, ctx.user, input)),
  /** A session's record for its client and coach; an admin must state a reason (recorded). */
  detail: authedProcedure.input(sessionDetailInput).query(({ ctx, input }) => sessionDetail(ctx.db, ctx.user, input)),
});
