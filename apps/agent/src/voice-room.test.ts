import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TestServer } from '@hybridcoach/web/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningAgent, startAgent } from './agent';
import { COACHING_PURPOSE } from './assistant/voice-settings';
import { timerAnnouncement } from './room/announcements';
import { DeepgramStandin } from './test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  DEEPGRAM_KEY,
  deepgramFor,
  fastRooms,
  startAgentTestServer,
  storedTranscript,
  tempDir,
  testLogger,
  until,
} from './test-support/harness';
import {
  type LiveRoom,
  listen,
  liveRoom as openRoom,
  promptOf,
  say as sayIn,
  spoken,
  waitForVoice,
} from './test-support/live-room';
import { MemoryTransport } from './transport/memory-transport';

const t = useTestDatabase();
const hub = new MemoryTransport();
let server: TestServer;
let standin: DeepgramStandin;
let agent: RunningAgent;

beforeAll(async () => {
  server = await startAgentTestServer(t.db, t.url);
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
const say = (live: LiveRoom, who: 'client' | 'coach', text: string, options: { paceMs?: number } = {}) =>
  sayIn(deps(), live, who, text, options);
/** What the Voice Agent stand-in was asked to say or answer in this room. */
const injectedIn = (live: LiveRoom) =>
  standin.injected.filter((i) => {
    const settings = standin.agentConnections[i.connection - 1]?.settings;
    return settings && promptOf(settings).includes(`the client is ${live.client.displayName}.`);
  });
const transcriptOf = async (live: LiveRoom) =>
  (await storedTranscript(t.db, live.appointment.id)).map((s) => [s.sender, s.content]);

describe('a voice room: each participant transcribed on their own stream', () => {
  test('two people talking over each other: each one’s words are stored once, in their name, with confidence', async () => {
    const live = await liveRoom();
    const feed = listen(live.clientApi, live.appointment.id);
    try {
      const clientWords = 'I have been sleeping badly and waking at three every night';
      const coachWords = 'Mm, tell me more about those nights';
      const [clientPcm, coachPcm] = await Promise.all([spoken(standin, clientWords), spoken(standin, coachWords)]);
      // In real time, the coach starting while the client is still talking.
      await Promise.all([
        live.room.speak(live.client.id, clientPcm, { paceMs: 20 }),
        new Promise((r) => setTimeout(r, 600)).then(() => live.room.speak(live.coach.id, coachPcm, { paceMs: 20 })),
      ]);
      await until(async () => (await storedTranscript(t.db, live.appointment.id)).length >= 2, 15_000, 'both stored');
      await say(live, 'client', 'It started after the move');

      const stored = await storedTranscript(t.db, live.appointment.id);
      expect(stored.map((s) => [s.sender, s.content])).toEqual([
        ['client', clientWords],
        ['coach', coachWords],
        ['client', 'It started after the move'],
      ]);
      expect(stored.map((s) => s.userId)).toEqual([live.client.id, live.coach.id, live.client.id]);
      for (const s of stored) expect(s.confidence).toBeCloseTo(0.97, 6);
      expect(new Set(stored.map((s) => s.idempotencyKey)).size).toBe(3);
      // The coach's words were dated when the coach began, inside the client's utterance.
      const [first, second] = stored;
      expect((second?.spokenAt?.getTime() ?? 0) - (first?.spokenAt?.getTime() ?? 0)).toBeGreaterThan(300);
      // Nothing was mixed: every stream heard one person only.
      const streams = standin.listens.filter((l) => l.finals.some((f) => f === clientWords || f === coachWords));
      expect(streams).toHaveLength(2);
      for (const stream of streams)
        expect(stream.finals.includes(clientWords) && stream.finals.includes(coachWords)).toBe(false);
      // Participants see the segments on their live feed.
      await until(
        () => feed.events.filter((e) => e.message?.kind === 'transcript').length >= 3,
        8000,
        'the segments on the feed',
      );

      // Leaving closes that person's stream (CloseStream, then Deepgram's summary Metadata).
      const open = standin.openListens;
      live.room.removeParticipant(live.coach.id);
      await until(() => standin.openListens < open, 5000, 'the coach’s stream to close');
    } finally {
      feed.stop();
    }
  });

  test('what is being said reaches the room as captions, which are never stored', async () => {
    const live = await liveRoom();
    const feed = listen(live.coachApi, live.appointment.id);
    try {
      const words = 'This week I walked every morning before work and I felt much calmer afterwards';
      await say(live, 'client', words, { paceMs: 20 });
      await until(() => feed.captions.length > 0, 8000, 'captions');
      const [caption] = feed.captions;
      expect(caption).toMatchObject({ identity: live.client.id, sender: 'client', name: live.client.displayName });
      // Interim captions show the words so far, growing towards the final segment.
      expect(words.startsWith(caption?.text ?? '-')).toBe(true);
      expect(feed.captions.length).toBeGreaterThan(1);
      expect(await t.db.sessionEvent.count({ where: { appointmentId: live.appointment.id, type: 'caption' } })).toBe(0);
      expect(await transcriptOf(live)).toEqual([['client', words]]);
    } finally {
      feed.stop();
    }
  });
});

describe('the assistant, in scribe mode (the default)', () => {
  test('says nothing until addressed, then answers, its words stored and played', async () => {
    const live = await liveRoom();
    await say(live, 'client', 'My evenings are rushed');
    await say(live, 'coach', 'What would make them calmer');
    await say(live, 'client', 'Maybe a shorter to-do list');
    // Not addressed: no Voice Agent connection, nothing said, nothing played.
    expect(live.settingsFor()).toHaveLength(0);
    expect(injectedIn(live)).toHaveLength(0);
    expect(live.room.playedSamples).toBe(0);

    standin.reply = () => 'A short list and a fixed end time can help.';
    try {
      await say(live, 'client', 'Hey assistant, what do you think about that idea');
      await until(async () => (await transcriptOf(live)).some(([who]) => who === 'ai'), 10_000, 'the answer');
    } finally {
      standin.reply = (text) => `I hear you: ${text.split('\n').at(-1)}`;
    }
    // Connected only now: the conversation so far went with the Settings, the question was put to it.
    const [settings] = live.settingsFor();
    expect(promptOf(settings ?? ({} as never))).toContain(COACHING_PURPOSE);
    expect(settings?.agent.greeting).toBeUndefined();
    expect(settings?.agent.context?.messages).toEqual([
      { type: 'History', role: 'user', content: `${live.client.displayName} (client): My evenings are rushed` },
      { type: 'History', role: 'user', content: `${live.coach.displayName} (coach): What would make them calmer` },
      { type: 'History', role: 'user', content: `${live.client.displayName} (client): Maybe a shorter to-do list` },
    ]);
    expect(injectedIn(live)).toMatchObject([
      {
        kind: 'user',
        content: `${live.client.displayName} (client): Hey assistant, what do you think about that idea`,
      },
    ]);
    expect((await transcriptOf(live)).at(-1)).toEqual(['ai', 'A short list and a fixed end time can help.']);
    // Its speech came in chunks of odd byte length and was played whole: 3 × 100 ms at 24 kHz.
    await until(() => live.room.playedSamples >= 3 * 2400, 5000, 'the answer played');
    expect(live.room.playedSamples).toBe(3 * 2400);
    // Talk that is not for it is not answered; when addressed again, it hears what it missed.
    await say(live, 'coach', 'Let us write that list together');
    await new Promise((r) => setTimeout(r, 300));
    expect(injectedIn(live)).toHaveLength(1);
    await say(live, 'client', 'Okay assistant, how long should the list be');
    await until(() => injectedIn(live).length === 2, 8000, 'the second question');
    expect(injectedIn(live)[1]?.content.split('\n')).toEqual([
      `${live.coach.displayName} (coach): Let us write that list together`,
      `${live.client.displayName} (client): Okay assistant, how long should the list be`,
    ]);
  });

  test('"Ask the assistant" in the room: the asker’s next words are answered, no wake phrase needed', async () => {
    const live = await liveRoom();
    await say(live, 'coach', 'Think about what you want to ask');
    await live.clientApi.session.askAssistant.mutate({ appointmentId: live.appointment.id });
    await until(
      async () =>
        (await t.db.sessionEvent.count({ where: { appointmentId: live.appointment.id, type: 'assistant_asked' } })) > 0,
      5000,
      'the ask event',
    );
    // The agent learns of it over its room feed; then the client speaks.
    await new Promise((r) => setTimeout(r, 300));
    await say(live, 'client', 'How can I keep my mornings calm');
    await until(() => injectedIn(live).length === 1, 10_000, 'the question put to the assistant');
    expect(injectedIn(live)[0]?.content.split('\n').at(-1)).toBe(
      `${live.client.displayName} (client): How can I keep my mornings calm`,
    );
    await until(async () => (await transcriptOf(live)).some(([who]) => who === 'ai'), 10_000, 'the answer');
  });

  test('the coach can make it conversational (every turn answered) or turn it off (it never speaks)', async () => {
    const live = await liveRoom();
    await live.coachApi.session.setAssistantMode.mutate({ appointmentId: live.appointment.id, mode: 'conversational' });
    await waitForVoice(live.room, live.settingsFor, 1);
    await say(live, 'client', 'I want to practise saying no');
    await until(
      () => injectedIn(live).some((i) => i.content.endsWith('I want to practise saying no')),
      10_000,
      'answered',
    );
    await until(async () => (await transcriptOf(live)).filter(([who]) => who === 'ai').length >= 1, 8000, 'the answer');

    await live.coachApi.session.setAssistantMode.mutate({ appointmentId: live.appointment.id, mode: 'off' });
    await new Promise((r) => setTimeout(r, 300));
    const asked = injectedIn(live).length;
    await say(live, 'client', 'Assistant, are you still there');
    await new Promise((r) => setTimeout(r, 300));
    expect(injectedIn(live)).toHaveLength(asked);
    // A client cannot change it.
    await expect(
      live.clientApi.session.setAssistantMode.mutate({ appointmentId: live.appointment.id, mode: 'scribe' }),
    ).rejects.toThrow(/Only the coach/);
  });
});

describe('timer warnings', () => {
  test('are spoken once, after what the assistant is saying (its greeting), and stored as its words', async () => {
    standin.replyAudioMs = 1500;
    try {
      // Conversational: the assistant greets at the start, while the five-minute warning is due.
      const live = await liveRoom({ startOffsetMin: -26, durationMin: 30, mode: 'conversational' });
      const text = timerAnnouncement(5);
      await until(
        () => live.emitted().some((e) => e.role === 'assistant' && e.content === text),
        15_000,
        'the warning spoken',
      );
      expect(live.emitted().map((e) => e.content)).toEqual([
        `Hello ${live.client.displayName}, I'm ready when you are.`,
        text,
      ]);
      await until(
        async () => (await transcriptOf(live)).some(([who, c]) => who === 'ai' && c === text),
        8000,
        'stored',
      );
      expect(
        await t.db.sessionEvent.count({ where: { appointmentId: live.appointment.id, type: 'timer_warning' } }),
      ).toBe(1);
    } finally {
      standin.replyAudioMs = 300;
    }
  });

  test('with the assistant off, a warning is shown but not spoken', async () => {
    const live = await liveRoom({ startOffsetMin: -26, durationMin: 30, mode: 'off' });
    await until(
      async () =>
        (await t.db.sessionEvent.count({ where: { appointmentId: live.appointment.id, type: 'timer_warning' } })) === 1,
      8000,
      'the warning',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(live.settingsFor()).toHaveLength(0);
  });
});

describe('connections that fail', () => {
  test('a dropped speech-to-text stream is replaced, nothing said is lost, and it counts as one reconnection each', async () => {
    const live = await liveRoom();
    await say(live, 'client', 'The first night was better');
    await say(live, 'coach', 'Good to hear');
    const before = agent.metrics().transcriptionReconnects;
    const streams = standin.openListens;
    standin.drop('listen');
    await say(live, 'client', 'The second night was worse');
    await say(live, 'coach', 'What was different');
    expect(await transcriptOf(live)).toEqual([
      ['client', 'The first night was better'],
      ['coach', 'Good to hear'],
      ['client', 'The second night was worse'],
      ['coach', 'What was different'],
    ]);
    await until(() => agent.metrics().transcriptionReconnects >= before + 2, 5000, 'the reconnections');
    // Other rooms' streams were dropped too; each counts once, not per attempt.
    expect(agent.metrics().transcriptionReconnects - before).toBeLessThanOrEqual(streams);
  });

  test('a media connection lost for good is let go of, then rejoined with a fresh token; the transcript goes on', async () => {
    const live = await liveRoom();
    await say(live, 'client', 'I started journaling');
    const { joins, leaves } = live.room;
    live.room.disconnectAgent('the media server went away');
    await until(() => live.room.joins > joins && live.room.agentIdentity !== null, 8000, 'the rejoin');
    expect(live.room.leaves).toBeGreaterThan(leaves);
    await say(live, 'client', 'It takes five minutes a day');
    expect(await transcriptOf(live)).toEqual([
      ['client', 'I started journaling'],
      ['client', 'It takes five minutes a day'],
    ]);
  });
});
