import { createLogger, loadEnv } from '@hybridcoach/config';
import { healthFieldContext, openContext, sealJson } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, test } from 'vitest';
import { createContext } from '../core/context';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import type { StoredRecap } from '../post-session/recap-schema';
import { createCaller } from '../root';

const t = useTestDatabase();
const logger = createLogger('coaching-test', 'silent');
const settings = settingsFromEnv(loadEnv({}));
const mailbox = new DevMailbox(logger);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const callerAs = (principal: Principal, now = new Date()) =>
  createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 'test',
      settings,
      keys: t.keys,
      mailer: mailbox,
      principal,
      now: () => now,
    }),
  );
const as = (user: { id: string; role: 'client' | 'coach' }, now?: Date) =>
  callerAs({ kind: 'user', userId: user.id, role: user.role, userSessionId: 's' }, now);
const worker = (now?: Date) => callerAs({ kind: 'service', service: 'worker' }, now);
const agent = () => callerAs({ kind: 'service', service: 'agent' });

const draft: StoredRecap = {
  source: 'llm',
  decisions: {},
  recap: {
    summary: 'You talked about night shifts and sleep.',
    keyPoints: ['Night shifts cut sleep short.'],
    actionItems: [{ owner: 'client', task: 'Breathe before sleep', due: 'every night' }],
    suggestedHomework: [
      {
        title: 'Evening breathing',
        instructions: 'Four counts in, six out, ten rounds.',
        category: 'Breathing',
        durationMinutes: 5,
        difficulty: 'beginner',
      },
    ],
    followUpQuestions: ['How did it go?'],
    topics: ['sleep'],
    proposedFacts: ['Works night shifts at a hospital.', 'Has two children.'],
    proposedChallenges: ['Sleeps badly after shifts.'],
    goalProgress: [],
  },
};

/** A completed session of a coach with their client, its AI draft stored as the worker stores it. */
async function sessionWithDraft() {
  const done = await t.given.completedSession({
    startsAt: new Date(Date.now() - 2 * HOUR),
    aiSummary: draft.recap.summary,
  });
  await t.db.coachClientRelationship.create({
    data: { coachId: done.coach.id, clientId: done.client.id, origin: 'client_booking' },
  });
  await t.db.session.update({
    where: { id: done.session.id },
    data: { sealedAiRecap: sealJson(t.keys, draft, healthFieldContext.aiRecap(done.client.id)) },
  });
  const coach = { id: done.coach.id, role: 'coach' as const };
  const client = { id: done.client.id, role: 'client' as const };
  return { ...done, coach: { ...done.coach, ...coach }, client: { ...done.client, ...client } };
}

describe('the recap the coach approves', () => {
  test('the client sees no draft: not in history, detail or dashboard, and cannot open it', async () => {
    const s = await sessionWithDraft();
    const mine = await as(s.client).session.mine({ limit: 10 });
    expect(mine.items.find((i) => i.id === s.appointment.id)).toMatchObject({ summary: null, draftWaiting: false });
    expect(await as(s.client).session.detail({ appointmentId: s.appointment.id })).toMatchObject({ summary: null });
    expect((await as(s.client).coaching.dashboard.client()).latestRecap).toBeNull();
    await expect(as(s.client).coaching.recap.draft({ appointmentId: s.appointment.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // The coach sees it waiting.
    const coachView = await as(s.coach).session.mine({ limit: 10 });
    expect(coachView.items.find((i) => i.id === s.appointment.id)).toMatchObject({ draftWaiting: true });
    expect((await as(s.coach).coaching.dashboard.coach()).draftsToReview.map((d) => d.id)).toContain(s.appointment.id);
    expect(await as(s.coach).coaching.recap.draft({ appointmentId: s.appointment.id })).toMatchObject({
      aiSummary: draft.recap.summary,
      draft,
      summary: null,
    });
  });

  test('publishing makes the edited text the client’s recap, in the app and by email (a link, not the text)', async () => {
    const s = await sessionWithDraft();
    const before = mailbox.list().length;
    await as(s.coach).coaching.recap.publish({
      appointmentId: s.appointment.id,
      summary: 'You talked about night shifts. Try the evening breathing.',
    });
    const detail = await as(s.client).session.detail({ appointmentId: s.appointment.id });
    expect(detail.summary).toBe('You talked about night shifts. Try the evening breathing.');
    expect((await as(s.client).coaching.dashboard.client()).latestRecap).toMatchObject({
      appointmentId: s.appointment.id,
      summary: 'You talked about night shifts. Try the evening breathing.',
    });
    expect((await t.db.profile.findUniqueOrThrow({ where: { userId: s.client.id } })).lastSummary).toBe(
      'You talked about night shifts. Try the evening breathing.',
    );
    expect(await t.db.notification.count({ where: { userId: s.client.id, type: 'recap_published' } })).toBe(1);
    const mails = mailbox.list().slice(0, mailbox.list().length - before);
    expect(mails.map((m) => m.to)).toEqual([s.client.email]);
    expect(mails[0]?.text).toContain(`/sessions/${s.appointment.id}`);
    expect(mails[0]?.text).not.toContain('night shifts');
    expect((await as(s.coach).coaching.dashboard.coach()).draftsToReview.map((d) => d.id)).not.toContain(
      s.appointment.id,
    );

    // A correction replaces the text and tells nobody again.
    await as(s.coach).coaching.recap.publish({ appointmentId: s.appointment.id, summary: 'Corrected recap.' });
    expect((await as(s.client).session.detail({ appointmentId: s.appointment.id })).summary).toBe('Corrected recap.');
    expect(await t.db.notification.count({ where: { userId: s.client.id, type: 'recap_published' } })).toBe(1);
  });

  test('another coach can neither read nor publish the draft; a session not yet ended has no recap to publish', async () => {
    const s = await sessionWithDraft();
    const other = { id: (await t.given.coach()).id, role: 'coach' as const };
    await expect(as(other).coaching.recap.draft({ appointmentId: s.appointment.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const live = await t.given.liveSession({ coach: s.coach, client: s.client });
    await expect(
      as(s.coach).coaching.recap.publish({ appointmentId: live.appointment.id, summary: 'Too early' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  test('an accepted fact joins the context in the coach’s words; a rejected one does not; a decision is not reversed', async () => {
    const s = await sessionWithDraft();
    const api = as(s.coach).coaching.recap;
    await api.decide({
      appointmentId: s.appointment.id,
      kind: 'fact',
      index: 0,
      decision: 'accepted',
      text: 'Works night shifts as a nurse.',
    });
    await api.decide({ appointmentId: s.appointment.id, kind: 'fact', index: 1, decision: 'rejected' });
    await api.decide({ appointmentId: s.appointment.id, kind: 'challenge', index: 0, decision: 'accepted' });
    const profile = await t.db.profile.findUniqueOrThrow({ where: { userId: s.client.id } });
    expect(openContext(t.keys, s.client.id, profile.sealedContext)).toMatchObject({
      clientFacts: ['Works night shifts as a nurse.'],
      challenges: ['Sleeps badly after shifts.'],
    });
    expect((await api.draft({ appointmentId: s.appointment.id })).draft?.decisions).toEqual({
      'fact:0': 'accepted',
      'fact:1': 'rejected',
      'challenge:0': 'accepted',
    });
    await expect(
      api.decide({ appointmentId: s.appointment.id, kind: 'fact', index: 1, decision: 'accepted' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      api.decide({ appointmentId: s.appointment.id, kind: 'fact', index: 7, decision: 'accepted' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^index: /) });
  });
});

describe('the recap job run again', () => {
  test("keeps the coach's decisions on proposals worded the same, drops them on changed ones, and never replaces a published recap", async () => {
    const s = await sessionWithDraft();
    const request = await t.db.postSessionRequest.create({
      data: { appointmentId: s.appointment.id, requestedAt: new Date() },
    });
    const run = async (recap: StoredRecap['recap']) => {
      await t.db.postSessionRequest.update({ where: { id: request.id }, data: { status: 'queued' } });
      const job = { id: request.id, jobId: request.jobId };
      expect(await worker().postSession.start(job)).not.toBeNull();
      return worker().postSession.store({
        ...job,
        summary: recap.summary,
        topics: [],
        recap: { source: 'llm', recap },
      });
    };
    await as(s.coach).coaching.recap.decide({
      appointmentId: s.appointment.id,
      kind: 'fact',
      index: 0,
      decision: 'accepted',
    });
    await as(s.coach).coaching.recap.decide({
      appointmentId: s.appointment.id,
      kind: 'fact',
      index: 1,
      decision: 'rejected',
    });
    await run({ ...draft.recap, proposedFacts: [draft.recap.proposedFacts[0] ?? '', 'Has three children.'] });
    expect((await as(s.coach).coaching.recap.draft({ appointmentId: s.appointment.id })).draft?.decisions).toEqual({
      'fact:0': 'accepted',
    });
    await as(s.coach).coaching.recap.publish({ appointmentId: s.appointment.id, summary: 'Published.' });
    expect(await run({ ...draft.recap, summary: 'A later run.' })).toEqual({ stored: true });
    const session = await t.db.session.findUniqueOrThrow({ where: { appointmentId: s.appointment.id } });
    expect(session).toMatchObject({ summary: 'Published.', aiSummary: draft.recap.summary });
  });
});

describe('private notes', () => {
  test('only the coach who wrote them reads them; they are sealed at rest', async () => {
    const s = await sessionWithDraft();
    await as(s.coach).coaching.notes.add({
      clientId: s.client.id,
      content: 'Mentioned panic at work.',
      appointmentId: s.appointment.id,
    });
    expect(await as(s.coach).coaching.notes.list({ clientId: s.client.id })).toEqual([
      expect.objectContaining({ content: 'Mentioned panic at work.', appointmentId: s.appointment.id }),
    ]);
    const row = await t.db.clientNote.findFirstOrThrow({ where: { clientId: s.client.id } });
    expect(row.sealedContent).not.toContain('panic');
    // Another coach who also coaches this client sees none of this coach's notes.
    const second = { id: (await t.given.coach()).id, role: 'coach' as const };
    await t.given.relationship({ coach: { id: second.id }, client: { id: s.client.id } });
    expect(await as(second).coaching.notes.list({ clientId: s.client.id })).toEqual([]);
    await expect(as(second).coaching.notes.remove({ noteId: row.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A note tied to a session of someone else is refused.
    const elsewhere = await t.given.completedSession();
    await expect(
      as(s.coach).coaching.notes.add({ clientId: s.client.id, content: 'x', appointmentId: elsewhere.appointment.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('goals, progress and homework', () => {
  test('client sets a goal, the coach records progress at the recap, history keeps closed goals', async () => {
    const s = await sessionWithDraft();
    const goal = await as(s.client).coaching.goals.create({ title: 'Sleep seven hours', why: 'Energy for shifts' });
    await expect(
      as(s.client).coaching.goals.recordProgress({ goalId: goal.id, rating: 5, note: 'Self-graded' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await as(s.coach).coaching.goals.recordProgress({
      goalId: goal.id,
      rating: 2,
      note: 'Short nights still',
      appointmentId: s.appointment.id,
    });
    await as(s.coach).coaching.goals.recordProgress({ goalId: goal.id, rating: 3, note: 'Better' });
    await expect(
      as(s.coach).coaching.goals.recordProgress({ goalId: goal.id, rating: 6, note: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const [mine] = await as(s.client).coaching.goals.list();
    expect(mine?.progress.map((p) => p.rating)).toEqual([2, 3]);
    expect((await as(s.client).coaching.dashboard.client()).goals).toEqual([
      expect.objectContaining({
        title: 'Sleep seven hours',
        progress: [expect.objectContaining({ rating: 2 }), expect.objectContaining({ rating: 3 })],
      }),
    ]);
    await as(s.client).coaching.goals.setStatus({ goalId: goal.id, status: 'achieved' });
    const after = await as(s.coach).coaching.goals.list({ clientId: s.client.id });
    expect(after).toEqual([expect.objectContaining({ id: goal.id, status: 'achieved', achievedAt: expect.any(Date) })]);
    await expect(
      as(s.coach).coaching.goals.recordProgress({ goalId: goal.id, rating: 4, note: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  test("a recap's suggestion is assigned in one step, the client marks it done, the coach sees it", async () => {
    const s = await sessionWithDraft();
    const due = new Date(Date.now() + 3 * DAY);
    const assigned = await as(s.coach).coaching.homework.assign({
      clientId: s.client.id,
      suggestion: draft.recap.suggestedHomework[0],
      dueDate: due,
      appointmentId: s.appointment.id,
    });
    expect(assigned.exercise).toMatchObject({ title: 'Evening breathing', category: 'breathing', duration: 300 });
    expect((await as(s.coach).coaching.exercises.list()).map((e) => e.title)).toEqual(['Evening breathing']);
    expect((await as(s.client).coaching.dashboard.client()).homework).toEqual([
      expect.objectContaining({ id: assigned.id, overdue: false }),
    ]);
    await as(s.client).coaching.homework.complete({ assignmentId: assigned.id, note: 'Did it four nights' });
    await expect(as(s.client).coaching.homework.complete({ assignmentId: assigned.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await as(s.coach).coaching.homework.list({ clientId: s.client.id })).toEqual([
      expect.objectContaining({ completed: true, completionNote: 'Did it four nights', completedAt: expect.any(Date) }),
    ]);
    // Another coach's exercise cannot be assigned.
    const foreign = await as({ id: (await t.given.coach()).id, role: 'coach' }).coaching.exercises.create({
      title: 'Theirs',
      instructions: 'x',
      category: 'misc',
      durationMinutes: 3,
      difficulty: 'beginner',
    });
    await expect(
      as(s.coach).coaching.homework.assign({ clientId: s.client.id, exerciseId: foreign.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^exerciseId: /) });
  });

  test('due and overdue homework is reminded once each; the coach dashboard lists clients with overdue homework', async () => {
    const s = await sessionWithDraft();
    const now = new Date();
    const made = await as(s.coach, new Date(now.getTime() - 5 * DAY)).coaching.homework.assign({
      clientId: s.client.id,
      suggestion: draft.recap.suggestedHomework[0],
      dueDate: new Date(now.getTime() + 12 * HOUR),
    });
    const before = mailbox.list().length;
    expect(await worker(now).housekeeping.remindHomework()).toMatchObject({ due: 1 });
    expect(await worker(now).housekeeping.remindHomework()).toMatchObject({ due: 0, overdue: 0 });
    const later = new Date(now.getTime() + DAY);
    expect(await worker(later).housekeeping.remindHomework()).toMatchObject({ overdue: 1 });
    expect(await worker(later).housekeeping.remindHomework()).toMatchObject({ overdue: 0 });
    const types = (
      await t.db.notification.findMany({ where: { userId: s.client.id, type: { startsWith: 'homework' } } })
    )
      .map((n) => n.type)
      .sort();
    expect(types).toEqual(['homework_due', 'homework_overdue']);
    expect(mailbox.list().length - before).toBe(2);
    const dashboard = await as(s.coach, later).coaching.dashboard.coach();
    expect(dashboard.overdueHomework).toEqual([
      { clientId: s.client.id, clientName: s.client.displayName, overdue: 1, oldestDue: made.dueDate },
    ]);
  });
});

describe('attendance', () => {
  test('an appointment nobody joined becomes a no-show after its end and the grace; one someone joined does not', async () => {
    const now = new Date();
    const missed = await t.given.appointment({ startsAt: new Date(now.getTime() - 60 * 60_000), durationMin: 30 });
    const justEnded = await t.given.appointment({ startsAt: new Date(now.getTime() - 35 * 60_000), durationMin: 30 });
    const attended = await t.given.liveSession({ startsAt: new Date(now.getTime() - 60 * 60_000), joined: ['client'] });
    expect(await worker(now).housekeeping.markNoShows()).toEqual({ marked: 1 });
    const rows = await t.db.appointment.findMany({
      where: { id: { in: [missed.appointment.id, justEnded.appointment.id, attended.appointment.id] } },
      select: { id: true, status: true, absentRoles: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(missed.appointment.id)).toMatchObject({ status: 'no_show', absentRoles: ['client', 'coach'] });
    expect(byId.get(justEnded.appointment.id)?.status).toBe('scheduled');
    expect(byId.get(attended.appointment.id)?.status).toBe('active');
    expect(
      await t.db.notification.count({
        where: { type: 'appointment_no_show', actionUrl: `/appointments/${missed.appointment.id}` },
      }),
    ).toBe(2);
    expect(await worker(now).housekeeping.markNoShows()).toEqual({ marked: 0 });
  });
});

describe("the assistant's memory", () => {
  test('the next session’s prompt holds the approved fact, active goals with progress, open homework and the published recap — not the draft', async () => {
    const s = await sessionWithDraft();
    await as(s.coach).coaching.recap.decide({
      appointmentId: s.appointment.id,
      kind: 'fact',
      index: 0,
      decision: 'accepted',
    });
    await as(s.coach).coaching.recap.decide({
      appointmentId: s.appointment.id,
      kind: 'fact',
      index: 1,
      decision: 'rejected',
    });
    const goal = await as(s.coach).coaching.goals.create({ clientId: s.client.id, title: 'Sleep seven hours' });
    await as(s.coach).coaching.goals.recordProgress({ goalId: goal.id, rating: 3, note: 'Better nights' });
    await as(s.coach).coaching.homework.assign({
      clientId: s.client.id,
      suggestion: draft.recap.suggestedHomework[0],
    });
    // The next session, live, with the assistant holding its room: what it reads for its prompt.
    const next = await t.given.liveSession({
      coach: s.coach,
      client: s.client,
      startsAt: new Date(Date.now() - 60_000),
    });
    await t.given.agentRequested(next.appointment);
    const claim = (await agent().agent.claim({ agentId: 'memory-agent', max: 50, leaseMs: 60_000 })).find(
      (c) => c.appointmentId === next.appointment.id,
    );
    const held = { appointmentId: next.appointment.id, agentId: 'memory-agent', epoch: claim?.epoch ?? 0 };

    const before = (await agent().agent.clientContext(held)).prompt;
    expect(before).not.toContain(draft.recap.summary);
    await as(s.coach).coaching.recap.publish({
      appointmentId: s.appointment.id,
      summary: 'Published: breathe before sleep.',
    });

    const { prompt } = await agent().agent.clientContext(held);
    expect(prompt).toContain('Client facts: Works night shifts at a hospital.');
    expect(prompt).not.toContain('Has two children');
    expect(prompt).toContain('Active goals: Sleep seven hours — latest progress 3/5: Better nights');
    expect(prompt).toContain('Open homework: Evening breathing');
    expect(prompt).toContain('Last session summary: Published: breathe before sleep.');

    // Done, the homework stays in view with the client's note: something to ask about.
    const [open] = await as(s.client).coaching.homework.list();
    await as(s.client).coaching.homework.complete({ assignmentId: open?.id ?? '', note: 'Easier on day shifts' });
    const after = (await agent().agent.clientContext(held)).prompt;
    expect(after).not.toContain('Open homework');
    expect(after).toContain("Homework done lately: Evening breathing — the client's note: Easier on day shifts");
  });
});
