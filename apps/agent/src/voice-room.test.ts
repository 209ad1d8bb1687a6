import { useTestDatabase } from '@hybridcoach/db/testing';
import { startTestServer, type TestServer } from '@hybridcoach/web/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningAgent, startAgent } from './agent';
import { timerAnnouncement } from './room/announcements';
import { DeepgramStandin } from './test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  DEEPGRAM_KEY,
  deepgramFor,
  fastRooms,
  LIVEKIT,
  storedTranscript,
  TestClock,
  tempDir,
  testLogger,
  until,
} from './test-support/harness';
import { type LiveRoom, listen, liveRoom as openRoom, promptOf, say as sayIn } from './test-support/live-room';
import { utterance } from './test-support/speech';
import { MemoryTransport } from './transport/memory-transport';
import { COACHING_PURPOSE, type VoiceAgentSettings } from './voice/voice-settings';

const t = useTestDatabase();
const clock = new TestClock();
const hub = new MemoryTransport();
let server: TestServer;
let standin: DeepgramStandin;
let agent: RunningAgent;

beforeAll(async () => {
  server = await startTestServer({
    db: t.db,
    serviceTokens: { agent: AGENT_TOKEN },
    databaseUrl: t.url,
    now: clock.now,
    settings: { livekit: LIVEKIT },
  });
  standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY });
  agent = await startAgent({
    apiUrl: server.url,
    token: AGENT_TOKEN,
    logger: testLogger('agent-voice-test'),
    health: { host: '127.0.0.1', port: 0 },
    rooms: fastRooms({ dataDir: await tempDir(), transport: hub, deepgram: deepgramFor(standin), maxRooms: 10 }),
  });
});
afterAll(async () => {
  await agent.stop();
  await standin.close();
  await server.close();
});

const deps = () => ({ db: t.db, serverUrl: server.url, hub, standin });
const liveRoom = (options: Parameters<typeof openRoom>[1] = {}) => openRoom(deps(), options);
const say = (live: LiveRoom, who: 'client' | 'coach', text: string) => sayIn(deps(), live, who, text);

describe('a voice room', () => {
  test("the client's context and the coaching purpose reach the Settings prompt", async () => {
    const live = await liveRoom({
      profile: {
        intake: { coachingGoals: 'Sleep through the night', symptoms: 'Racing thoughts at bedtime' },
        context: { clientFacts: ['Works night shifts twice a month'], challenges: ['Coffee after noon'] },
        lastSummary: 'Started a wind-down routine with reading.',
      },
    });
    const [settings] = live.settingsFor();
    const prompt = promptOf(settings as VoiceAgentSettings);
    expect(prompt).toContain(COACHING_PURPOSE);
    for (const fact of [
      'Goals: Sleep through the night',
      'Symptoms: Racing thoughts at bedtime',
      'Client facts: Works night shifts twice a month',
      'Challenges: Coffee after noon',
      'Last session summary: Started a wind-down routine with reading.',
      live.coach.displayName,
    ])
      expect(prompt).toContain(fact);
    expect(settings?.audio).toEqual({
      input: { encoding: 'linear16', sample_rate: 16000 },
      output: { encoding: 'linear16', sample_rate: 24000, container: 'none' },
    });
  });

  test('every ConversationText of both roles becomes exactly one stored segment, in order, pushed live', async () => {
    const live = await liveRoom();
    const feed = listen(live.clientApi, live.appointment.id);
    try {
      await say(live, 'client', 'I have been sleeping badly this week');
      await say(live, 'coach', 'What happens when you go to bed');
      await say(live, 'client', 'My thoughts start racing about work');
      await say(live, 'coach', 'Let us try a breathing exercise tonight');
      const emitted = live.emitted();
      expect(emitted).toHaveLength(8);
      await until(async () => (await storedTranscript(t.db, live.appointment.id)).length >= 8, 8000, 'storage');
      await new Promise((r) => setTimeout(r, 300)); // anything late would be a duplicate
      const stored = await storedTranscript(t.db, live.appointment.id);
      expect(stored.map((s) => s.content)).toEqual(emitted.map((e) => e.content));
      expect(stored.map((s) => s.sender)).toEqual(['client', 'ai', 'coach', 'ai', 'client', 'ai', 'coach', 'ai']);
      expect(new Set(stored.map((s) => s.idempotencyKey)).size).toBe(8);
      expect(stored.every((s) => s.idempotencyKey === `${live.appointment.id}:${s.seq}`)).toBe(true);

      // Participants see the same segments on their live subscription.
      const spoken = () => feed.events.filter((e) => e.message?.kind === 'transcript');
      await until(() => spoken().length >= 8, 8000, 'the feed');
      expect(spoken().map((e) => e.message?.content)).toEqual(emitted.map((e) => e.content));
      // The agent's speech was played into the room.
      expect(live.room.playedSamples).toBeGreaterThan(0);
    } finally {
      feed.stop();
    }
  });

  test("a participant talking over the agent stops the agent's speech (barge-in)", async () => {
    const live = await liveRoom();
    standin.replyAudioMs = 10_000;
    try {
      const before = live.emitted().length;
      standin.willHear('Can you suggest something for tonight');
      await live.room.speak(live.client.id, await utterance('Can you suggest something for tonight'));
      await until(() => live.emitted().length >= before + 2, 8000, 'the answer');
      const clearsBefore = live.room.clears;
      await say(live, 'coach', 'Sorry to interrupt you');
      await until(() => live.room.clears > clearsBefore, 3000, 'the playback to be cleared');
      expect(standin.bargeIns).toBeGreaterThan(0);
      // 10 s of speech were being streamed; far less of it reached the room.
      expect(live.room.playedSamples).toBeLessThan(10 * 24_000);
    } finally {
      standin.replyAudioMs = 300;
    }
  });

  test('Deepgram errors and a dropped connection do not end the session or lose a word', async () => {
    const live = await liveRoom();
    await say(live, 'client', 'The first night was better');
    const errors = agent.metrics().voiceErrors;
    standin.sendError('RATE_LIMITED', 'Slow down a little.');
    await until(() => agent.metrics().voiceErrors > errors, 3000, 'the error to be counted');
    const connectionsBefore = live.settingsFor().length;
    standin.dropConnections();
    await until(() => live.settingsFor().length > connectionsBefore, 8000, 'the reconnection');
    // The new connection carries the conversation so far.
    const resumed = live.settingsFor().at(-1);
    expect(resumed?.agent.context?.messages).toEqual([
      { type: 'History', role: 'user', content: 'The first night was better' },
      { type: 'History', role: 'assistant', content: 'I hear you: The first night was better' },
    ]);
    await say(live, 'client', 'The second night was worse');
    await until(async () => (await storedTranscript(t.db, live.appointment.id)).length >= 4, 8000, 'storage');
    const stored = await storedTranscript(t.db, live.appointment.id);
    expect(stored.map((s) => s.content)).toEqual(live.emitted().map((e) => e.content));
    expect(agent.metrics().voiceReconnects).toBeGreaterThan(0);
  });

  test('a media connection lost for good is rejoined with a fresh token, and the conversation goes on', async () => {
    const live = await liveRoom();
    await say(live, 'client', 'I started journaling');
    const joins = live.room.joins;
    live.room.disconnectAgent('the media server went away');
    await until(() => live.room.joins > joins && live.room.agentIdentity !== null, 5000, 'the rejoin');
    await say(live, 'client', 'It takes five minutes a day');
    await until(async () => (await storedTranscript(t.db, live.appointment.id)).length === 4, 8000, 'storage');
    expect((await storedTranscript(t.db, live.appointment.id)).map((s) => s.content)).toEqual(
      live.emitted().map((e) => e.content),
    );
    // The same voice conversation carried on: no new Settings were needed.
    expect(live.settingsFor()).toHaveLength(1);
  });

  test('a due timer warning is announced in the live feed and spoken', async () => {
    const live = await liveRoom({ startOffsetMin: -26, durationMin: 30 });
    const text = timerAnnouncement(5);
    await until(() => standin.injected.includes(text), 8000, 'the spoken warning');
    const [warning] = await t.db.sessionEvent.findMany({
      where: { appointmentId: live.appointment.id, type: 'timer_warning' },
    });
    expect(warning?.payload).toMatchObject({ minutesLeft: 5, endsAt: live.appointment.endsAt.toISOString() });
    // Said once, however often the agent ticks.
    await new Promise((r) => setTimeout(r, 300));
    expect(
      await t.db.sessionEvent.count({ where: { appointmentId: live.appointment.id, type: 'timer_warning' } }),
    ).toBe(1);
    expect(standin.injected.filter((said) => said === text)).toHaveLength(1);
  });

  test("the session ends with Deepgram's summary and topics, and the client's last summary", async () => {
    const live = await liveRoom();
    standin.readAnswer = {
      summary: 'The client reported poor sleep; the coach proposed a breathing exercise.',
      topics: [
        { topic: 'Sleep', confidence_score: 0.95 },
        { topic: 'Breathing Exercise', confidence_score: 0.8 },
      ],
    };
    await say(live, 'client', 'I could not fall asleep again');
    await live.coachApi.session.sendMessage.mutate({
      appointmentId: live.appointment.id,
      content: 'Try box breathing.',
    });
    await live.coachApi.session.end.mutate({ appointmentId: live.appointment.id });
    // The coach's end marks the assignment done at once; the agent's summary follows.
    await until(
      async () => (await t.db.session.findUnique({ where: { appointmentId: live.appointment.id } }))?.aiSummary != null,
      8000,
      'the agent to finish',
    );
    const sessions = await t.db.session.findMany({ where: { appointmentId: live.appointment.id } });
    expect(sessions.map((s) => s.aiSummary)).toEqual([standin.readAnswer.summary]);
    const topics = await t.db.sessionTopicMapping.findMany({
      where: { session: { appointmentId: live.appointment.id } },
      select: { topic: { select: { name: true } } },
    });
    expect(topics.map((x) => x.topic.name).sort()).toEqual(['breathing exercise', 'sleep']);
    const profile = await t.db.profile.findUniqueOrThrow({ where: { userId: live.client.id } });
    expect(profile.lastSummary).toBe(standin.readAnswer.summary);
    // Deepgram read the whole session: what was said and what was written.
    const request = standin.readRequests.at(-1);
    expect(request?.query).toMatchObject({ summarize: 'true', topics: 'true', language: 'en' });
    expect(request?.text).toContain(`${live.client.displayName}: I could not fall asleep again`);
    expect(request?.text).toContain(`${live.coach.displayName}: Try box breathing.`);
    expect(live.room.agentIdentity).toBeNull();
  });
});
