import type { Db } from '@hybridcoach/db';
import type { VoiceAgentSettings } from '../assistant/voice-settings';
import type { MemoryTransport } from '../transport/memory-transport';
import type { DeepgramStandin } from './deepgram-standin';
import { type BrowserApi, createRoom, signIn, storedTranscript, until } from './harness';
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

/** A live appointment both people joined, with them in its media room and an agent in it. */
export async function liveRoom(
  deps: LiveRoomDeps,
  options: Parameters<typeof createRoom>[1] & { mode?: 'scribe' | 'off' | 'conversational' } = {},
) {
  const fixture = await createRoom(deps.db, options);
  const { coach, client, appointment } = fixture;
  const clientApi = await signIn(deps.serverUrl, client.id);
  const coachApi = await signIn(deps.serverUrl, coach.id);
  if (options.mode)
    await coachApi.session.setAssistantMode.mutate({ appointmentId: appointment.id, mode: options.mode });
  await clientApi.session.join.mutate({ appointmentId: appointment.id });
  await coachApi.session.join.mutate({ appointmentId: appointment.id });
  const room = deps.hub.room(appointment.roomId);
  room.addParticipant({ identity: client.id, role: 'client' });
  room.addParticipant({ identity: coach.id, role: 'coach' });
  await until(() => room.agentIdentity !== null, 10_000, 'the agent in the room');
  // The prompt names the people; the full sentence keeps "Client 1" from matching "Client 10".
  const settingsFor = () =>
    deps.standin.settings.filter((s) => promptOf(s).includes(`the client is ${client.displayName}.`));
  return {
    ...fixture,
    clientApi,
    coachApi,
    room,
    settingsFor,
    /** ConversationTexts the Voice Agent stand-in sent in this room. */
    emitted: () =>
      deps.standin.emitted.filter((e) => settingsForConnection(deps.standin, e.connection, client.displayName)),
  };
}

function settingsForConnection(standin: DeepgramStandin, connection: number, clientName: string): boolean {
  const settings = standin.agentConnections[connection - 1]?.settings;
  return settings ? promptOf(settings).includes(`the client is ${clientName}.`) : false;
}

export type LiveRoom = Awaited<ReturnType<typeof liveRoom>>;

/** Until an agent is in the room and `count` Voice Agent Settings for it have been applied. */
export async function waitForVoice(
  room: LiveRoom['room'],
  settingsFor: () => VoiceAgentSettings[],
  count: number,
): Promise<void> {
  await until(() => room.agentIdentity !== null && settingsFor().length >= count, 10_000, 'the assistant live');
}

/** Real speech for `text` that the stand-in will recognise. */
export async function spoken(standin: DeepgramStandin, text: string): Promise<Int16Array> {
  const pcm = await utterance(text);
  standin.hear(pcm, text);
  return pcm;
}

/**
 * One person says `text` in the room; resolves once it is stored in their name. `paceMs: 20`
 * speaks in real time (frames 20 ms apart); without it, as fast as the room takes it.
 */
export async function say(
  deps: LiveRoomDeps,
  live: LiveRoom,
  who: 'client' | 'coach',
  text: string,
  options: { paceMs?: number } = {},
): Promise<void> {
  await live.room.speak(live[who].id, await spoken(deps.standin, text), options);
  await until(
    async () =>
      (await storedTranscript(deps.db, live.appointment.id)).some((s) => s.content === text && s.sender === who),
    10_000,
    `"${text}" stored`,
  );
}

/** Collects a participant's live session events: stored ones and captions. */
export function listen(api: BrowserApi, appointmentId: string) {
  const events: { type: string; message: { kind: string; content: string; sender: string } | null }[] = [];
  const captions: { identity: string; sender: string; name: string; text: string; startedAt: Date }[] = [];
  const sub = api.session.events.subscribe(
    { appointmentId, lastEventId: null },
    {
      onData: (e) => {
        if (e.data.type === 'caption') captions.push(e.data);
        else events.push({ type: e.data.type, message: e.data.type === 'message' ? e.data.message : null });
      },
      onError: () => {},
    },
  );
  return { events, captions, stop: () => sub.unsubscribe() };
}
