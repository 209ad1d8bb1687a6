import { createServiceClient } from '@hybridcoach/api/client';
import { transcriptionNotice } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../server/testing';
import { useAppInBrowser } from './app-in-browser';
import { devToolsStaticDir } from './app-server';
import { phone390, viewports } from './browser';
import { captureLive as capture, resultsDir, type ViewportName } from './journey';

const agentToken = 'room-e2e-agent-token-0123456789abcdef';
const t = useTestDatabase();
const { app } = useAppInBrowser(t, { seed: false, agentToken });

async function openPage(viewport: ViewportName | { width: number; height: number }): Promise<Page> {
  const context = await app().browser.newContext({
    viewport: typeof viewport === 'string' ? viewports[viewport] : viewport,
    locale: 'en-GB',
    timezoneId: 'Europe/Lisbon',
  });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

/** Signs in through the development sign-in page and lands on `target`. */
async function signInTo(page: Page, name: string, target: string): Promise<void> {
  const { url } = app();
  await page.goto(`${url}/dev/sign-in?redirect=${encodeURIComponent(target)}`);
  await page.getByRole('button', { name: new RegExp(`Sign in as ${name}`) }).click();
  await page.waitForURL(`${url}${target}`);
}

/** From the waiting room into the room without camera or microphone (this browser has neither). */
async function joinByChat(page: Page): Promise<void> {
  const lobby = page.getByRole('complementary', { name: 'Waiting room' });
  await lobby.waitFor();
  await page.getByRole('checkbox', { name: 'Join with my camera' }).uncheck();
  await page.getByRole('checkbox', { name: 'Join with my microphone' }).uncheck();
  await lobby.getByRole('button', { name: 'Join the session by chat' }).click();
}

let n = 0;
/** A coach, a client, and their appointment that started `startedMinutesAgo` minutes ago. */
async function appointment(startedMinutesAgo: number, durationMin = 30) {
  n++;
  const coach = await t.db.user.create({
    data: {
      email: `room.coach${n}@ultra.example`,
      displayName: `Maya Chen ${n}`,
      role: 'coach',
      timezone: 'Europe/Lisbon',
      ultraSubscriptionStatus: 'active',
      // Both agreed to the transcription notice earlier (privacy.e2e covers the first time).
      consents: { create: { noticeVersion: transcriptionNotice.version, agreedAt: new Date() } },
    },
  });
  const client = await t.db.user.create({
    data: {
      email: `room.client${n}@vagus.example`,
      displayName: `Jordan Lee ${n}`,
      timezone: 'Europe/Lisbon',
      vagusSubscriptionStatus: 'active',
      profile: { create: { onboardingCompleted: true } },
      consents: { create: { noticeVersion: transcriptionNotice.version, agreedAt: new Date() } },
    },
  });
  const scheduledFor = new Date(Date.now() - startedMinutesAgo * 60_000);
  const row = await t.db.appointment.create({
    data: {
      coachId: coach.id,
      clientId: client.id,
      scheduledFor,
      durationMin,
      endsAt: new Date(scheduledFor.getTime() + durationMin * 60_000),
      roomId: `session-${crypto.randomUUID()}`,
      status: 'scheduled',
    },
  });
  return { coach, client, appointment: row };
}

describe('a live session in the text room', () => {
  it('lets coach and client chat, shows the live transcript, ends, is rated, and is kept in full', async () => {
    const { coach, client, appointment: booked } = await appointment(2);
    const room = `/room/${booked.id}`;
    const coachPage = await openPage('desktop');
    const clientPage = await openPage(phone390);
    const scripts: string[] = [];
    coachPage.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    try {
      await signInTo(coachPage, coach.displayName, room);
      // Before joining, the waiting room says the other person has not arrived yet.
      await coachPage.getByText(`${client.displayName} has not arrived yet.`).waitFor();
      await joinByChat(coachPage);
      await signInTo(clientPage, client.displayName, room);
      await clientPage.getByText(new RegExp(`${coach.displayName} has been here since`)).waitFor();
      await capture(clientPage, 'room-lobby-client-phone390');
      await joinByChat(clientPage);
      await coachPage.getByRole('heading', { name: `Session with ${client.displayName}` }).waitFor();
      await clientPage.getByRole('heading', { name: `Session with ${coach.displayName}` }).waitFor();
      for (const page of [coachPage, clientPage]) {
        await page.getByText('You joined by chat only').waitFor();
        // The clock counts down to the end: about 28 minutes left.
        expect(await page.getByRole('timer').getAttribute('aria-label')).toMatch(/^2[78] minutes left$/);
      }
      // Chat only: the chat comes first and takes the page; no empty transcript panel beside it.
      expect(await coachPage.getByRole('log', { name: 'Live transcript' }).count()).toBe(0);
      // Both see who is here, and the assistant's state.
      const strip = clientPage.getByRole('region', { name: 'In the room' });
      await strip.getByText(coach.displayName).waitFor();
      await strip.getByText('Assistant paused').waitFor();
      await capture(coachPage, 'room-text-coach-desktop');
      await capture(clientPage, 'room-text-client-phone390');
      const input = await clientPage.getByRole('textbox', { name: 'Message' }).boundingBox();
      expect((input?.y ?? 9999) + (input?.height ?? 0), 'the phone’s chat box is in view').toBeLessThanOrEqual(844);
      // A text room never loads the video call's code.
      expect(scripts.filter((src) => src.includes('VideoStage'))).toEqual([]);
      // Only the coach can end the session.
      expect(await clientPage.getByRole('button', { name: 'End session' }).count()).toBe(0);

      // Chat both ways: Enter sends on one side, the button on the other.
      const coachChat = coachPage.getByRole('log', { name: 'Chat' });
      const clientChat = clientPage.getByRole('log', { name: 'Chat' });
      await coachPage.getByRole('textbox', { name: 'Message' }).fill('Welcome! How was your week?');
      await coachPage.getByRole('textbox', { name: 'Message' }).press('Enter');
      await clientChat.getByText('Welcome! How was your week?').waitFor();
      await clientPage.getByRole('textbox', { name: 'Message' }).fill('Much calmer, thanks.');
      await clientPage.getByRole('button', { name: 'Send' }).click();
      await coachChat.getByText('Much calmer, thanks.').waitFor();
      await clientChat.getByText('Much calmer, thanks.').waitFor();
      expect(await coachChat.getByText(client.displayName).count()).toBeGreaterThan(0);
      // An empty message is refused on the spot, with the reason next to the box.
      await clientPage.getByRole('button', { name: 'Send' }).click();
      await clientPage.getByRole('alert').filter({ hasText: 'Write a message first.' }).waitFor();

      // The assistant is there, as the note-taker by default; the agent reports it is listening.
      const agent = createServiceClient({ url: app().url, token: agentToken });
      const [claim] = await agent.agent.claim.mutate({ agentId: 'e2e-agent', max: 1, leaseMs: 60_000 });
      const writer = { appointmentId: booked.id, agentId: 'e2e-agent', epoch: claim?.epoch ?? 0 };
      const clientAssistant = clientPage.getByRole('region', { name: 'AI assistant' });
      const coachAssistant = coachPage.getByRole('region', { name: 'AI assistant' });
      await clientAssistant.getByText('Paused').waitFor();
      await agent.agent.assistantState.mutate({ ...writer, state: 'listening', wakePhrase: 'assistant' });
      await clientAssistant.getByText('Start with “assistant”, or press Ask, to address it.').waitFor();
      await clientAssistant.getByText('Note-taker: speaks when asked').waitFor();
      // The client asks it: their next words are for it.
      await clientAssistant.getByRole('button', { name: 'Ask the assistant' }).click();
      await clientAssistant.getByText('Listening for your question: go ahead.').waitFor();
      expect(await t.db.sessionEvent.count({ where: { appointmentId: booked.id, type: 'assistant_asked' } })).toBe(1);
      // The coach switches it to conversation; both pages follow.
      await coachAssistant.getByRole('combobox', { name: 'How it takes part' }).selectOption('conversational');
      await clientAssistant.getByText('Conversation: answers every turn').waitFor();
      await agent.agent.assistantState.mutate({ ...writer, state: 'answering' });
      await coachAssistant.getByText('Answering').first().waitFor();
      await agent.agent.assistantState.mutate({ ...writer, state: 'listening' });
      await coachAssistant.getByText('It answers every turn.').waitFor();

      // What is being said reaches both browsers live as a caption, then its final form.
      const spokenAt = new Date();
      await agent.agent.caption.mutate({ ...writer, identity: client.id, text: 'I slept bet', startedAt: spokenAt });
      const clientTranscript = clientPage.getByRole('log', { name: 'Live transcript' });
      const coachTranscript = coachPage.getByRole('log', { name: 'Live transcript' });
      await coachTranscript.getByText('I slept bet', { exact: true }).waitFor();
      await coachTranscript.getByText(/speaking…/).waitFor();
      await agent.agent.appendTranscript.mutate({
        ...writer,
        segments: [
          {
            idempotencyKey: 'e2e-1',
            seq: 1,
            speaker: 'client',
            identity: client.id,
            content: 'I slept better this week.',
            spokenAt,
            isFinal: true,
          },
          {
            idempotencyKey: 'e2e-2',
            seq: 2,
            speaker: 'coach',
            identity: coach.id,
            content: 'That is great to hear. What changed?',
            spokenAt: new Date(spokenAt.getTime() + 4000),
            isFinal: true,
          },
        ],
      });
      for (const transcript of [coachTranscript, clientTranscript]) {
        await transcript.getByText('That is great to hear. What changed?').waitFor();
        await transcript.getByText('I slept better this week.').waitFor();
      }
      await coachTranscript.getByText(/speaking…/).waitFor({ state: 'detached' });
      // Spoken order, with the speakers' names.
      const lines = await coachTranscript.locator('li').allTextContents();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(client.displayName);
      expect(lines[0]).toContain('I slept better this week.');
      expect(lines[1]).toContain(coach.displayName);
      await capture(coachPage, 'room-text-transcript-coach-desktop');
      await capture(clientPage, 'room-text-transcript-client-phone390');

      // The coach ends the session, after confirming.
      await coachPage.getByRole('button', { name: 'End session' }).click();
      const confirm = coachPage.getByRole('dialog', { name: 'End this session for everyone?' });
      await confirm.waitFor();
      await coachPage.screenshot({ path: `${resultsDir}room-end-dialog-desktop.png` });
      await confirm.getByRole('button', { name: 'End session now' }).click();
      await coachPage.getByText('This session has ended').waitFor();
      // The button that had focus is gone: focus moves to the page's heading, not to nowhere.
      await coachPage.waitForFunction(() => document.activeElement?.tagName === 'H1');
      expect(await coachPage.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);

      // The client is asked for a rating as the end reaches them.
      const rating = clientPage.getByRole('dialog', { name: `How was your session with ${coach.displayName}?` });
      await rating.waitFor();
      await rating.getByText('no payment provider is connected yet').waitFor();
      // Sending without stars says what is missing.
      await rating.getByRole('button', { name: 'Send rating' }).click();
      await rating.getByRole('alert').filter({ hasText: 'Choose a rating from 1 to 5 stars' }).waitFor();
      await rating.locator('label').filter({ hasText: '5 stars' }).click();
      expect(await rating.getByRole('radio', { name: '5 stars (Excellent)' }).isChecked()).toBe(true);
      await rating.getByRole('textbox', { name: 'Comment (optional)' }).fill('Really helpful, thank you.');
      await rating.locator('label').filter({ hasText: '$3' }).click();
      await clientPage.screenshot({ path: `${resultsDir}room-rating-phone.png` });
      await rating.getByRole('button', { name: 'Send rating and $3 tip' }).click();
      await rating.waitFor({ state: 'detached' });
      await clientPage.getByText('Thank you for rating it 5 of 5 with a $3 tip (pending).').waitFor();
      await capture(clientPage, 'room-ended-client-phone390');
      await capture(coachPage, 'room-ended-coach-desktop');

      // Everything is in the database.
      const stored = await t.db.appointment.findUniqueOrThrow({
        where: { id: booked.id },
        include: { session: { include: { rating: true, messages: { orderBy: { createdAt: 'asc' } } } } },
      });
      expect(stored.status).toBe('completed');
      const session = stored.session;
      expect(session?.endedAt).not.toBeNull();
      expect(session?.transcript).toBe(
        `${client.displayName}: I slept better this week.\n${coach.displayName}: That is great to hear. What changed?`,
      );
      const messages = session?.messages ?? [];
      expect(
        messages
          .filter((m) => m.kind === 'chat')
          .map((m) => [m.sender, m.content])
          .sort(),
      ).toEqual([
        ['client', 'Much calmer, thanks.'],
        ['coach', 'Welcome! How was your week?'],
      ]);
      // Captions are never stored: the two final segments are.
      expect(messages.filter((m) => m.kind === 'transcript')).toHaveLength(2);
      const rated = session?.rating;
      expect(rated).toMatchObject({ rating: 5, comment: 'Really helpful, thank you.' });
      expect(Number(rated?.tipAmount)).toBe(3);
      const payments = await t.db.payment.findMany({ where: { userId: client.id } });
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({ coachId: coach.id, type: 'tip', status: 'pending', currency: 'USD' });
      expect(Number(payments[0]?.amount)).toBe(3);

      // The coach finds it in the history and opens the record.
      await coachPage.getByRole('link', { name: 'Sessions', exact: true }).click();
      await coachPage.getByRole('heading', { name: 'Sessions', exact: true }).waitFor();
      const row = coachPage.getByRole('listitem').filter({ hasText: client.displayName });
      await row.getByText('Completed').waitFor();
      await row.getByRole('img', { name: 'Rated 5 of 5' }).waitFor();
      await capture(coachPage, 'sessions-coach-desktop');
      await row.getByRole('link', { name: `Session with ${client.displayName}` }).click();
      await coachPage.waitForURL(`${app().url}/sessions/${booked.id}`);
      await coachPage.getByRole('heading', { name: `Session with ${client.displayName}`, level: 1 }).waitFor();
      const transcript = coachPage.getByRole('region', { name: 'Transcript' });
      await transcript.getByText('I slept better this week.').waitFor();
      await transcript.getByText('That is great to hear. What changed?').waitFor();
      expect(await transcript.getByText('I slept bet', { exact: true }).count()).toBe(0);
      const chat = coachPage.getByRole('region', { name: 'Chat' });
      await chat.getByText('Welcome! How was your week?').waitFor();
      await chat.getByText('Much calmer, thanks.').waitFor();
      const ratingSection = coachPage.getByRole('region', { name: 'Rating' });
      await ratingSection.getByText('5 of 5').waitFor();
      await ratingSection.getByText('“Really helpful, thank you.”').waitFor();
      await ratingSection.getByText('Tip: $3').waitFor();
      await ratingSection.getByText('Pending').waitFor();
      // A text room records presence too: both people, from their join to the end.
      // Its real length, from presence, beside the booked one.
      await coachPage.getByText(/ran \d+ s \(booked 30 min\) · together/).waitFor();
      const present = coachPage.getByRole('region', { name: 'Participants' });
      await present.getByText(client.displayName).waitFor();
      await present.getByText(coach.displayName).waitFor();
      expect(await present.getByText('still in').count()).toBe(0);
      await capture(coachPage, 'session-detail-coach-desktop');

      await clientPage.goto(`${app().url}/sessions/${booked.id}`);
      await clientPage.getByRole('heading', { name: `Session with ${coach.displayName}`, level: 1 }).waitFor();
      await clientPage.getByRole('region', { name: 'Transcript' }).getByText('I slept better this week.').waitFor();
      expect(await clientPage.getByRole('button', { name: 'Rate this session' }).count()).toBe(0);
      await capture(clientPage, 'session-detail-client-phone390');
    } finally {
      await coachPage.context().close();
      await clientPage.context().close();
    }
  });

  it('announces the timer warnings as they arrive', async () => {
    // Four minutes left: the five-minute warning is due.
    const { client, appointment: ending } = await appointment(26);
    const page = await openPage('desktop');
    try {
      await signInTo(page, client.displayName, `/room/${ending.id}`);
      await joinByChat(page);
      await page.getByRole('log', { name: 'Chat' }).waitFor();
      expect(await page.getByRole('timer').getAttribute('aria-label')).toMatch(/^[34] minutes? left$/);
      const agent = createServiceClient({ url: app().url, token: agentToken });
      const claim = (await agent.agent.claim.mutate({ agentId: 'e2e-timer', max: 100, leaseMs: 60_000 })).find(
        (c) => c.appointmentId === ending.id,
      );
      const held = { appointmentId: ending.id, agentId: 'e2e-timer', epoch: claim?.epoch ?? 0 };
      expect(await agent.agent.tick.mutate(held)).toMatchObject({ minutesLeft: 5 });
      const warning = page.locator('[aria-live="assertive"]');
      await warning.getByText('5 minutes left in this session.').waitFor();
      await capture(page, 'room-warning-desktop');
    } finally {
      await page.context().close();
    }
  });

  it('tells someone who comes too early when the room opens', async () => {
    const { client, appointment: later } = await appointment(-60);
    const page = await openPage('phone');
    try {
      await signInTo(page, client.displayName, `/room/${later.id}`);
      await page.getByRole('heading', { name: 'The room is not open yet' }).waitFor();
      const opensAt = new Date(later.scheduledFor.getTime() - 10 * 60_000);
      const expected = new Intl.DateTimeFormat('en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Lisbon',
      }).format(opensAt);
      await page.getByText(`The room opens at ${expected}`).waitFor();
      await capture(page, 'room-not-open-phone');
      expect(await t.db.session.count({ where: { appointmentId: later.id } })).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});

describe('a session room with video configured', () => {
  it('loads the LiveKit call on demand and keeps chat and transcript when video cannot connect', async () => {
    const { client, appointment: booked } = await appointment(1);
    // LiveKit "configured" at an address where nothing listens: the token is real, the call fails.
    const videoServer = await startTestServer({
      db: t.db,
      staticDir: devToolsStaticDir,
      settings: {
        livekit: {
          url: 'ws://127.0.0.1:9',
          apiKey: 'APIe2ekey',
          apiSecret: 'e2e-secret-that-is-long-enough-0123456789',
        },
      },
    });
    const page = await openPage('desktop');
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    try {
      await page.goto(`${videoServer.url}/dev/sign-in?redirect=${encodeURIComponent(`/room/${booked.id}`)}`);
      await page.getByRole('button', { name: new RegExp(`Sign in as ${client.displayName}`) }).click();
      await page.waitForURL(`${videoServer.url}/room/${booked.id}`);
      await page.getByRole('button', { name: 'Join the session' }).click();
      await page.getByRole('heading', { name: /^Session with/ }).waitFor();
      await page.locator('[data-lk-theme]').waitFor();
      expect(scripts.some((src) => src.includes('VideoStage'))).toBe(true);
      expect(await page.getByText('You joined by chat only').count()).toBe(0);
      await page.getByRole('alert').filter({ hasText: 'Video could not connect' }).waitFor();
      await page.getByRole('log', { name: 'Live transcript' }).waitFor();
      await page.getByRole('textbox', { name: 'Message' }).fill('Can you hear me?');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('log', { name: 'Chat' }).getByText('Can you hear me?').waitFor();
      await capture(page, 'room-livekit-desktop');
      await page.setViewportSize(phone390);
      await capture(page, 'room-livekit-phone390');
    } finally {
      await page.context().close();
      await videoServer.close();
    }
  });
});
