import {
  createCaller,
  createContext,
  createRecapWriter,
  DevMailbox,
  type Principal,
  type StructuredRecap,
} from '@hybridcoach/api';
import { ChatCompletionsStandIn } from '@hybridcoach/api/testing/chat-completions';
import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { expectAccessible } from './axe';
import { capture, signInAs } from './journey';

const t = useTestDatabase();
const logger = createLogger('coaching-journey', 'silent');
let llm: ChatCompletionsStandIn | undefined;
beforeAll(async () => {
  llm = await ChatCompletionsStandIn.start();
});
afterAll(() => llm?.close());
const { app, openPage } = useAppInBrowser(t, { seed: false });

/** In-process calls with the server's own settings, as the worker and the agent make them over HTTP. */
const callerAs = (principal: Principal) =>
  createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 'journey',
      settings: app().server.settings,
      keys: t.keys,
      mailer: new DevMailbox(logger),
      principal,
    }),
  );

const recapFor = (goalId: string): StructuredRecap => ({
  summary: 'You described short sleep after night shifts and agreed to try a breathing exercise before bed.',
  keyPoints: ['Night shifts cut your sleep short.'],
  actionItems: [{ owner: 'client', task: 'Breathe four in, six out before sleep', due: 'every night' }],
  suggestedHomework: [
    {
      title: 'Evening breathing',
      instructions: 'Lie down, breathe in for four counts and out for six. Ten rounds.',
      category: 'breathing',
      durationMinutes: 5,
      difficulty: 'beginner',
    },
  ],
  followUpQuestions: ['How did the breathing go after a night shift?'],
  topics: ['sleep', 'night shifts'],
  proposedFacts: ['Works night shifts at the hospital.'],
  proposedChallenges: ['Falls asleep late after shifts.'],
  goalProgress: [{ goalId, rating: 2, note: 'Still short nights after shifts.' }],
});

describe('the coaching loop in the browser', () => {
  it('draft → the coach edits, publishes, accepts a fact, records progress, assigns homework → the client sees it and does it → the next prompt knows', async () => {
    const coach = await t.given.coach({ displayName: 'Maya Chen', timezone: 'Europe/Lisbon' });
    const client = await t.given.client({ displayName: 'Jordan Lee', timezone: 'Europe/Lisbon' });
    const { relationship } = await t.given.relationship({ coach, client });
    const next = await t.db.appointment.findFirstOrThrow({ where: { coachId: coach.id, clientId: client.id } });
    const goal = await t.db.clientGoal.create({
      data: { clientId: client.id, title: 'Sleep seven hours', createdById: client.id },
    });
    expect(relationship.endedAt).toBeNull();

    // 1. A session takes place and the coach ends it.
    const live = await t.given.liveSession({ coach, client, startsAt: new Date(Date.now() - 20 * 60_000) });
    for (const [who, content] of [
      ['client', 'I work night shifts at the hospital and I sleep badly afterwards.'],
      ['coach', 'Let us try a breathing exercise before sleep: four counts in, six counts out.'],
      ['client', 'I will try it every night this week.'],
    ] as const)
      await t.db.message.create({
        data: {
          sessionId: live.session.id,
          userId: who === 'client' ? client.id : coach.id,
          sender: who,
          kind: 'chat',
          content,
        },
      });
    await callerAs({ kind: 'user', userId: coach.id, role: 'coach', userSessionId: 'j' }).session.end({
      appointmentId: live.appointment.id,
    });

    // 2. The worker's post-session run: what the session said → the recap model (the stand-in) → the draft.
    const stub = llm;
    if (!stub) throw new Error('the stand-in starts in beforeAll');
    stub.respond = () => JSON.stringify(recapFor(goal.id));
    const worker = callerAs({ kind: 'service', service: 'worker' }).postSession;
    const [request] = await worker.pending();
    if (!request) throw new Error('completing the session asked for its post-session work');
    const text = await worker.start({ id: request.id, jobId: request.jobId });
    if (!text) throw new Error('the run is current');
    const writer = createRecapWriter(
      { apiKey: stub.apiKey, baseUrl: stub.baseUrl, model: 'journey-model' },
      { logger },
    );
    const recap = await writer.write({
      clientName: text.clientName,
      coachName: text.coachName,
      knownFacts: text.knownFacts,
      knownChallenges: text.knownChallenges,
      activeGoals: text.activeGoals,
      lines: text.lines.map((l) => ({
        speaker: l.speaker,
        role: l.sender === 'coach' ? 'coach' : 'client',
        text: l.content,
      })),
    });
    await worker.store({
      id: request.id,
      jobId: request.jobId,
      summary: recap.summary,
      topics: recap.topics,
      recap: { source: 'llm', recap },
    });

    const { page: coachPage, url } = await openPage('desktop');
    const { page: clientPage } = await openPage('phone');
    try {
      // The client sees no draft.
      await signInAs(clientPage, url, 'Jordan Lee');
      await clientPage.getByText('Your coach’s recap appears here after they publish it.').waitFor();

      // 3. The coach reviews: edits and publishes, accepts a fact, records progress, assigns homework.
      await signInAs(coachPage, url, 'Maya Chen');
      await coachPage.getByRole('link', { name: 'Review recap' }).click();
      await coachPage.waitForURL(`${url}/sessions/${live.appointment.id}/recap`);
      const editor = coachPage.getByLabel('Recap text');
      await expect.poll(() => editor.inputValue()).toContain(recapFor(goal.id).summary);
      await editor.fill(`${recapFor(goal.id).summary}\n\nGreat work this week, Jordan.`);
      await expectAccessible(coachPage, 'recap review');
      await capture(coachPage, 'recap-review');
      await coachPage.getByRole('button', { name: 'Publish recap' }).click();
      await coachPage.getByText('Published. The client has been told.').waitFor();

      const fact = coachPage.getByTestId('proposal').filter({ has: coachPage.getByLabel('Proposed fact') });
      await fact.getByRole('button', { name: 'Accept' }).click();
      await coachPage.getByTestId('proposal').getByText('accepted').waitFor();

      const progress = coachPage.getByRole('region', { name: 'Sleep seven hours' });
      await expect
        .poll(() => progress.getByLabel('Progress note').inputValue())
        .toBe('Still short nights after shifts.');
      await progress.getByRole('button', { name: 'Record progress' }).click();
      await progress.getByText('Progress recorded.').waitFor();

      await coachPage.getByRole('button', { name: 'Assign as homework' }).click();
      await coachPage.getByText('Assigned to Jordan Lee.').waitFor();

      // 4. The client sees the recap, the progress chart and the homework, and does it.
      await clientPage.reload();
      await clientPage.getByTestId('latest-recap').getByText('Great work this week, Jordan.').waitFor();
      await capture(clientPage, 'client-dashboard-recap', 'phone');
      await clientPage.goto(`${url}/goals`);
      await clientPage.getByRole('heading', { name: 'Sleep seven hours' }).waitFor();
      await clientPage.getByTestId('goal-progress').getByText('Still short nights after shifts.').waitFor();
      // uPlot drew the progress over time.
      await clientPage.locator('canvas').first().waitFor();
      await expectAccessible(clientPage, 'goals');
      await capture(clientPage, 'goals', 'phone');
      await clientPage.goto(`${url}/homework`);
      const homework = clientPage.getByTestId('homework').filter({ hasText: 'Evening breathing' });
      await homework.getByLabel('How did it go?').fill('Did it four nights out of five');
      await homework.getByRole('button', { name: 'Mark done' }).click();
      await homework.getByText('Did it four nights out of five', { exact: false }).waitFor();
      await expectAccessible(clientPage, 'homework');
      await capture(clientPage, 'homework', 'phone');

      // The coach sees it done.
      await coachPage.goto(`${url}/clients/${client.id}/coaching`);
      const done = coachPage.getByTestId('homework').filter({ hasText: 'Evening breathing' });
      await done.getByText('Done', { exact: true }).waitFor();
      await done.getByText('Did it four nights out of five', { exact: false }).waitFor();
      await coachPage.getByTestId('goal-progress').getByText('Still short nights after shifts.').waitFor();
      await expectAccessible(coachPage, "a client's coaching page");
      await capture(coachPage, 'client-coaching');
    } finally {
      await coachPage.context().close();
      await clientPage.context().close();
    }

    // 5. The next session starts: the assistant holding its room gets a prompt with the approved
    // fact, the goal and the homework.
    const startsAt = new Date(Date.now() - 60_000);
    await t.db.appointment.update({
      where: { id: next.id },
      data: {
        status: 'active',
        scheduledFor: startsAt,
        endsAt: new Date(startsAt.getTime() + next.durationMin * 60_000),
      },
    });
    await t.given.agentRequested(next);
    const agentApi = callerAs({ kind: 'service', service: 'agent' }).agent;
    const claim = (await agentApi.claim({ agentId: 'journey-agent', max: 50, leaseMs: 60_000 })).find(
      (c) => c.appointmentId === next.id,
    );
    const { prompt } = await agentApi.clientContext({
      appointmentId: next.id,
      agentId: 'journey-agent',
      epoch: claim?.epoch ?? 0,
    });
    expect(prompt).toContain('Client facts: Works night shifts at the hospital.');
    expect(prompt).not.toContain('Falls asleep late after shifts.');
    expect(prompt).toContain('Active goals: Sleep seven hours — latest progress 2/5: Still short nights after shifts.');
    expect(prompt).toContain(
      "Homework done lately: Evening breathing — the client's note: Did it four nights out of five",
    );
    expect(prompt).toContain('Great work this week, Jordan.');
  });
});
