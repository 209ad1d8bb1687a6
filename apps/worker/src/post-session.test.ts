import {
  createCaller,
  createContext,
  DevMailbox,
  type Principal,
  settingsFromEnv,
  sweepSessions,
} from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { healthFieldContext, openJson } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extractiveSummary } from './post-session/extractive-summary';
import { keywordTopics } from './post-session/keyword-topics';
import { DeepgramReadStandin } from './test-support/deepgram-read-standin';
import { startTestWorker } from './test-support/test-worker';
import type { RunningWorker } from './worker';

const t = useTestDatabase();
const logger = createLogger('worker-post-session-test', 'silent');
const settings = settingsFromEnv(loadEnv({}));
const DEEPGRAM_KEY = 'dg-worker-test-key-0123456789';
let worker: RunningWorker;
let deepgram: DeepgramReadStandin;

beforeAll(async () => {
  deepgram = await DeepgramReadStandin.start(DEEPGRAM_KEY);
  // No agent runs in this file: the worker alone does the post-session work.
  worker = await startTestWorker(t, logger, {
    settings,
    config: {
      postSessionPollSeconds: 0.2,
      deepgram: { apiKey: DEEPGRAM_KEY, apiUrl: deepgram.apiUrl },
      retryLimit: 3,
      retryDelaySeconds: 1,
    },
  });
});
afterAll(async () => {
  await worker.stop();
  await deepgram.close();
});

const callerAs = (principal: Principal) =>
  createCaller(
    createContext({ db: t.db, logger, requestId: 'test', settings, mailer: new DevMailbox(logger), principal }),
  );
const asUser = (user: { id: string; role: 'coach' | 'client' }) =>
  callerAs({ kind: 'user', userId: user.id, role: user.role, userSessionId: 'test' });

async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const summaryOf = (appointmentId: string) =>
  until(
    async () => (await t.db.session.findUnique({ where: { appointmentId } }))?.aiSummary,
    'the post-session summary',
  );

const topicsOf = async (appointmentId: string) =>
  (
    await t.db.sessionTopicMapping.findMany({
      where: { session: { appointmentId } },
      select: { topic: { select: { name: true } } },
    })
  )
    .map((m) => m.topic.name)
    .sort();

const chat = [
  ['client', 'I have been sleeping badly again this week.'],
  ['coach', 'What keeps you awake at night?'],
  ['client', 'Work thoughts keep racing when I lie down, so my sleep is short.'],
  ['coach', 'Let us try a breathing exercise before sleep: four counts in, six counts out.'],
  ['client', 'A breathing exercise sounds doable. I will try it every night.'],
] as const;

/** A live session (no agent anywhere) in which both people wrote the chat above. */
async function sessionWithChat(options: { startsAt?: Date; durationMin?: number } = {}) {
  const live = await t.given.liveSession(options);
  const people = { client: live.client, coach: live.coach };
  for (const [who, content] of chat)
    await t.db.message.create({
      data: { sessionId: live.session.id, userId: people[who].id, sender: who, kind: 'chat', content },
    });
  const lines = chat.map(([who, text]) => ({ speaker: people[who].displayName, text }));
  return { ...live, lines };
}

describe('post-session work, done by the worker whoever completes the session', () => {
  test("the coach ends it while no agent runs: Deepgram's summary and topics as a draft the client does not see yet", async () => {
    deepgram.failWith = null;
    deepgram.answer = {
      summary: 'The client sleeps badly; they will try a breathing exercise nightly.',
      topics: [
        { topic: 'Sleep', confidence_score: 0.95 },
        { topic: 'Breathing Exercise', confidence_score: 0.8 },
      ],
    };
    const live = await sessionWithChat();
    await asUser({ id: live.coach.id, role: 'coach' }).session.end({ appointmentId: live.appointment.id });

    expect(await summaryOf(live.appointment.id)).toBe(deepgram.answer.summary);
    expect(await topicsOf(live.appointment.id)).toEqual(['breathing exercise', 'sleep']);
    const profile = await t.db.profile.findUniqueOrThrow({ where: { userId: live.client.id } });
    // A draft: nothing reaches the client before the coach publishes.
    expect(profile.lastSummary).toBeNull();
    expect(await t.db.session.findUniqueOrThrow({ where: { appointmentId: live.appointment.id } })).toMatchObject({
      summary: null,
      summaryPublishedAt: null,
    });
    // Deepgram read the whole session, with who said what.
    const request = deepgram.requests.at(-1);
    expect(request?.query).toMatchObject({ summarize: 'true', topics: 'true' });
    expect(request?.text).toContain(`${live.client.displayName}: I have been sleeping badly again this week.`);
    expect(request?.text).toContain(`${live.coach.displayName}: What keeps you awake at night?`);
    expect(await t.db.postSessionRequest.findUnique({ where: { appointmentId: live.appointment.id } })).toMatchObject({
      status: 'done',
      attempts: 1,
    });
  });

  test('the sweeper completes an overdue session and Deepgram is down: the extractive summary and keyword topics', async () => {
    deepgram.failWith = 503;
    const live = await sessionWithChat({ startsAt: new Date(Date.now() - 50 * 60_000), durationMin: 30 });
    await t.given.agentRequested(live.appointment);
    await sweepSessions(t.db, { now: new Date(), warningMinutes: [5, 1], logger });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: live.appointment.id } })).status).toBe('completed');

    const summary = extractiveSummary(live.lines);
    expect(summary).toContain('breathing exercise');
    expect(await summaryOf(live.appointment.id)).toBe(summary);
    expect(await topicsOf(live.appointment.id)).toEqual([...keywordTopics(live.lines)].sort());
    expect((await t.db.profile.findUniqueOrThrow({ where: { userId: live.client.id } })).lastSummary).toBeNull();
    // Without an LLM the structured draft is extractive too: the coach's own proposal is the homework.
    const { sealedAiRecap } = await t.db.session.findUniqueOrThrow({ where: { appointmentId: live.appointment.id } });
    expect(openJson(t.keys, sealedAiRecap ?? '', healthFieldContext.aiRecap(live.client.id))).toMatchObject({
      source: 'extractive',
      recap: {
        summary,
        suggestedHomework: [
          expect.objectContaining({
            instructions: 'Let us try a breathing exercise before sleep: four counts in, six counts out.',
          }),
        ],
        proposedChallenges: ['I have been sleeping badly again this week.'],
      },
    });
    // The assignment nobody claimed is done too.
    expect(
      (await t.db.agentAssignment.findUniqueOrThrow({ where: { appointmentId: live.appointment.id } })).status,
    ).toBe('done');
  });

  test('transcript an agent delivers after the end is summarised too: the work runs again on the fuller session', async () => {
    deepgram.failWith = null;
    deepgram.answer = { summary: 'A first summary.', topics: [{ topic: 'Sleep', confidence_score: 0.9 }] };
    const live = await sessionWithChat();
    await t.given.agentRequested(live.appointment);
    const agent = callerAs({ kind: 'service', service: 'agent' }).agent;
    const [room] = await agent.claim({ agentId: 'late-agent', max: 1, leaseMs: 30_000 });
    const spokenAt = new Date();
    await asUser({ id: live.coach.id, role: 'coach' }).session.end({ appointmentId: live.appointment.id });
    expect(await summaryOf(live.appointment.id)).toBe('A first summary.');

    deepgram.answer = {
      summary: 'The summary with the late words.',
      topics: [{ topic: 'Walking', confidence_score: 0.9 }],
    };
    await agent.appendTranscript({
      appointmentId: live.appointment.id,
      agentId: 'late-agent',
      epoch: room?.epoch ?? 1,
      segments: [
        {
          idempotencyKey: `${live.appointment.id}:1`,
          seq: 1,
          speaker: 'client',
          identity: live.client.id,
          content: 'I will also walk every evening.',
          spokenAt,
          isFinal: true,
        },
      ],
    });
    await until(
      async () =>
        (await t.db.session.findUnique({ where: { appointmentId: live.appointment.id } }))?.aiSummary ===
        'The summary with the late words.',
      'the second run',
    );
    expect(deepgram.requests.at(-1)?.text).toContain('I will also walk every evening.');
    expect(await topicsOf(live.appointment.id)).toEqual(['walking']);
  });
});
