import type { Db } from '@hybridcoach/db';
import type { MemoryTransport } from '../transport/memory-transport';
import type { VoiceAgentSettings } from '../voice/voice-settings';
import type { DeepgramStandin } from './deepgram-standin';
import { type BrowserApi, createRoom, signIn, until } from './harness';
import { utterance } from './speech';

export const promptOf = (s: VoiceAgentSettings): string => {
  const think = s.agent.think;
  return (Array.isArray(think) ? think[0]?.prompt : think?.prompt) ?? '';
};

export interface LiveRoomDeps {
  db: Db;
  serverUrl: string;
  hub: MemoryTransport;
  standin: DeepgramStandin;
}

/** A live appointment both people joined, with them in its media room and the agent's voice live. */
export async function liveRoom(deps: LiveRoomDeps, options: Parameters<typeof createRoom>[1] = {}) {
  const fixture = await createRoom(deps.db, options);
  const { coach, client, appointment } = fixture;
  const clientApi = await signIn(deps.serverUrl, client.id);
  const coachApi = await signIn(deps.serverUrl, coach.id);
  await clientApi.session.join.mutate({ appointmentId: appointment.id });
  await coachApi.session.join.mutate({ appointmentId: appointment.id });
  const room = deps.hub.room(appointment.roomId);
  room.addParticipant({ identity: client.id, role: 'client' });
  room.addParticipant({ identity: coach.id, role: 'coach' });
  // The prompt names the people; the full sentence keeps "Client 1" from matching "Client 10".
  const settingsFor = () =>
    deps.standin.settings.filter((s) => promptOf(s).includes(`the client is ${client.displayName}.`));
  await waitForVoice(room, settingsFor, 1);
  const emittedFrom = deps.standin.emitted.length;
  return {
    ...fixture,
    clientApi,
    coachApi,
    room,
    settingsFor,
    /** ConversationTexts the stand-in sent since the room went live. */
    emitted: () => deps.standin.emitted.slice(emittedFrom),
  };
}

export type LiveRoom = Awaited<ReturnType<typeof liveRoom>>;

/** Until an agent is in the room and `count` Settings for it have been applied. */
export async function waitForVoice(
  room: LiveRoom['room'],
  settingsFor: () => VoiceAgentSettings[],
  count: number,
): Promise<void> {
  await until(() => room.agentIdentity !== null && settingsFor().length >= count, 8000, 'the agent in the room');
}

/** One person says `text` in the room; resolves once the stand-in has answered the turn. */
export async function say(deps: LiveRoomDeps, live: LiveRoom, who: 'client' | 'coach', text: string): Promise<void> {
  const before = live.emitted().length;
  deps.standin.willHear(text);
  await live.room.speak(live[who].id, await utterance(text));
  await until(() => live.emitted().length >= before + 2, 8000, `the turn "${text}"`);
}

/** Collects a participant's live session events. */
export function listen(api: BrowserApi, appointmentId: string) {
  const events: { type: string; message: { kind: string; content: string; sender: string } | null }[] = [];
  const sub = api.session.events.subscribe(
    { appointmentId, lastEventId: null },
    {
      onData: (e) => events.push({ type: e.data.type, message: e.data.type === 'message' ? e.data.message : null }),
      onError: () => {},
    },
  );
  return { events, stop: () => sub.unsubscribe() };
}
