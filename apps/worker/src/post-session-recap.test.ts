import { createCaller, createContext, DevMailbox, type StructuredRecap, settingsFromEnv } from '@hybridcoach/api';
import { ChatCompletionsStandIn } from '@hybridcoach/api/testing/chat-completions';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { healthFieldContext, openJson } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestWorker } from './test-support/test-worker';
import type { RunningWorker } from './worker';

const t = useTestDatabase();
const logger = createLogger('worker-recap-test', 'silent');
const settings = settingsFromEnv(loadEnv({}));
let worker: RunningWorker;
let llm: ChatCompletionsStandIn;

beforeAll(async () => {
  llm = await ChatCompletionsStandIn.start();
  worker = await startTestWorker(t, logger, {
    settings,
    config: {
      postSessionPollSeconds: 0.2,
      deepgram: null,
      chatCompletions: { apiKey: llm.apiKey, baseUrl: llm.baseUrl, model: 'recap-model-1' },
      retryLimit: 2,
      retryDelaySeconds: 1,
    },
  });
});
afterAll(async () => {
  await worker.stop();
  await llm.close();
});

const coachOf = (user: { id: string }) =>
  createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 'test',
      settings,
      keys: t.keys,
      mailer: new DevMailbox(logger),
      principal: { kind: 'user', userId: user.id, role: 'coach', userSessionId: 'test' },
    }),
  );

async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A session the coach ended, with a chat and an active goal, and its stored draft once the job ran. */
async function endedSession() {
  const live = await t.given.liveSession();
  await t.db.coachClientRelationship.create({
    data: { coachId: live.coach.id, clientId: live.client.id, origin: 'client_booking' },
  });
  const goal = await t.db.clientGoal.create({ data: { clientId: live.client.id, title: 'Sleep seven hours' } });
  for (const [who, content] of [
    ['client', 'I work night shifts at the hospital and I sleep badly.'],
    ['coach', 'Let us try a breathing exercise before sleep: four counts in, six counts out.'],
    ['client', 'I will try it every night this week.'],
  ] as const)
    await t.db.message.create({
      data: {
        sessionId: live.session.id,
        userId: who === 'client' ? live.client.id : live.coach.id,
        sender: who,
        kind: 'chat',
        content,
      },
    });
  await coachOf(live.coach).session.end({ appointmentId: live.appointment.id });
  const session = await until(async () => {
    const s = await t.db.session.findUnique({ where: { appointmentId: live.appointment.id } });
    return s?.sealedAiRecap ? s : null;
  }, 'the stored recap');
  const draft = openJson(t.keys, session.sealedAiRecap ?? '', healthFieldContext.aiRecap(live.client.id));
  return { ...live, goal, session, draft };
}

const answer = (goalId: string): StructuredRecap => ({
  summary: 'You described short sleep after night shifts and agreed to a breathing exercise before bed.',
  keyPoints: ['Night shifts cut sleep short.'],
  actionItems: [{ owner: 'client', task: 'Breathe four in, six out before sleep', due: 'every night this week' }],
  suggestedHomework: [
    {
      title: 'Evening breathing',
      instructions: 'Lie down, breathe in for four counts and out for six, ten rounds.',
      category: 'breathing',
      durationMinutes: 5,
      difficulty: 'beginner',
    },
  ],
  followUpQuestions: ['How did the breathing go on shift nights?'],
  topics: ['sleep', 'night shifts'],
  proposedFacts: ['Works night shifts at a hospital.'],
  proposedChallenges: ['Sleeps badly after night shifts.'],
  goalProgress: [
    { goalId, rating: 2, note: 'Still short nights.' },
    { goalId: 'invented-goal', rating: 5, note: 'The model made this one up.' },
  ],
});

describe('the structured recap through an OpenAI-compatible chat-completions API', () => {
  test("asks with the schema and the client's goals, and stores a valid answer as the draft (invented goals dropped)", async () => {
    llm.script.length = 0;
    let goalId = '';
    llm.respond = (request) => {
      goalId = request.messages[1]?.content.match(/^- (\S+): Sleep seven hours$/m)?.[1] ?? '';
      return JSON.stringify(answer(goalId));
    };
    const before = llm.requests.length;
    const done = await endedSession();
    expect(goalId).toBe(done.goal.id);

    const request = llm.requests[before];
    expect(request?.model).toBe('recap-model-1');
    expect(request?.authorization).toBe(`Bearer ${llm.apiKey}`);
    expect(request?.responseFormat).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'session_recap', strict: true },
    });
    expect(request?.messages[1]?.content).toContain(
      `${done.client.displayName} (client): I will try it every night this week.`,
    );

    const expected = answer(done.goal.id);
    expect(done.draft).toEqual({
      source: 'llm',
      recap: { ...expected, goalProgress: [expected.goalProgress[0]] },
      decisions: {},
    });
    expect(done.session.aiSummary).toBe(expected.summary);
    expect(done.session.summary).toBeNull();
  });

  test('a malformed answer is asked for again, and the second, valid one is used', async () => {
    llm.script.length = 0;
    llm.script.push({ content: '{"summary": "cut off' });
    llm.respond = () => JSON.stringify({ ...answer('x'), goalProgress: [] });
    const before = llm.requests.length;
    const done = await endedSession();
    expect(llm.requests.length - before).toBe(2);
    expect(done.draft).toMatchObject({ source: 'llm', recap: { summary: answer('x').summary } });
  });

  test('answers that stay malformed (bad JSON, then the wrong shape) end in the extractive recap', async () => {
    llm.script.length = 0;
    llm.script.push({ content: 'Sure! Here is your recap:' }, { content: JSON.stringify({ summary: 'no lists' }) });
    llm.respond = () => {
      throw new Error('a third request was not expected');
    };
    const before = llm.requests.length;
    const done = await endedSession();
    expect(llm.requests.length - before).toBe(2);
    expect(done.draft).toMatchObject({
      source: 'extractive',
      recap: {
        suggestedHomework: [
          expect.objectContaining({
            instructions: 'Let us try a breathing exercise before sleep: four counts in, six counts out.',
          }),
        ],
        actionItems: [
          {
            owner: 'coach',
            task: 'Let us try a breathing exercise before sleep: four counts in, six counts out.',
            due: null,
          },
          { owner: 'client', task: 'I will try it every night this week.', due: 'every night' },
        ],
        goalProgress: [],
      },
    });
    // The job itself succeeded: nothing is left failed or retried.
    expect(
      await t.db.postSessionRequest.findUniqueOrThrow({ where: { appointmentId: done.appointment.id } }),
    ).toMatchObject({ status: 'done', attempts: 1 });
  });

  test('an overloaded server (503) is retried by the SDK and the answer after it is used', async () => {
    llm.script.length = 0;
    llm.script.push({ status: 503 });
    llm.respond = () => JSON.stringify({ ...answer('x'), goalProgress: [] });
    const before = llm.requests.length;
    const done = await endedSession();
    expect(llm.requests.length - before).toBe(2);
    expect(done.draft).toMatchObject({ source: 'llm' });
  });
});
