import { useTestDatabase } from '@hybridcoach/db/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { expectAccessible } from './axe';
import { capture, signInAs } from './journey';

const t = useTestDatabase();

// Seeded people (packages/db/src/seed/people.ts): Jordan has a session booked with Tomás, so
// their conversation is open.
const jordan = { id: 'seed-client-01', name: 'Jordan Lee' };
const tomas = { id: 'seed-coach-tomas', name: 'Tomás Rivera', coachName: 'Coach Tomás' };

const { openPage } = useAppInBrowser(t);

/** The header's messages link, by its whole name ("Messages" or "Messages, 1 unread"). */
const badge = (page: Page, name: string) => page.getByRole('banner').getByRole('link', { name, exact: true });

describe('messages between sessions in the browser', () => {
  it('a client and a coach write to each other live, and the unread badge clears when read', async () => {
    const { page: client, url } = await openPage();
    const { page: coach } = await openPage();
    try {
      await signInAs(client, url, jordan.name);
      await signInAs(coach, url, tomas.name);
      await badge(coach, 'Messages').waitFor();

      await badge(client, 'Messages').click();
      await client.waitForURL(`${url}/messages`);
      await client.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
      await expectAccessible(client, 'messages list (client)');
      await capture(client, 'messages-list');
      await client
        .getByRole('list', { name: 'Conversations' })
        .getByRole('link', { name: /Coach Tomás/ })
        .click();
      await client.getByRole('heading', { name: tomas.coachName, level: 1 }).waitFor();

      await client.getByLabel('Message', { exact: true }).fill('Could we talk about sleep before Thursday?');
      await client.getByRole('button', { name: 'Send' }).click();
      const clientLog = client.getByRole('log');
      await clientLog.getByText('Could we talk about sleep before Thursday?').waitFor();
      await expectAccessible(client, 'conversation (client)');
      await capture(client, 'messages-thread');

      // The coach's header counts it without a reload.
      await badge(coach, 'Messages, 1 unread').waitFor();
      await badge(coach, 'Messages, 1 unread').click();
      const row = coach.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: /Jordan Lee/ });
      await row.getByText('1 unread').waitFor();
      await row.click();
      await coach.getByRole('log').getByText('Could we talk about sleep before Thursday?').waitFor();
      // Opened and read: the badge clears.
      await badge(coach, 'Messages').waitFor();
      expect(await coach.getByTestId('unread-messages').count()).toBe(0);
      await expectAccessible(coach, 'conversation (coach)');

      // The reply arrives in the client's open conversation live; read there, it never counts.
      await coach.getByLabel('Message', { exact: true }).fill('Yes. Keep a sleep diary until then.');
      await coach.getByLabel('Message', { exact: true }).press('Enter');
      await clientLog.getByText('Yes. Keep a sleep diary until then.').waitFor();
      await client
        .getByRole('log')
        .getByText(/^You ·/)
        .first()
        .waitFor();
      await badge(client, 'Messages').waitFor();
      const reply = await t.db.directMessage.findFirstOrThrow({ where: { senderId: tomas.id } });
      await expect
        .poll(async () => (await t.db.messageReadState.findFirst({ where: { userId: jordan.id } }))?.lastReadId)
        .toBe(reply.id);

      // On a phone the conversation fits the screen too.
      const { page: phone } = await openPage('phone');
      await signInAs(phone, url, jordan.name);
      await phone.goto(client.url());
      await phone.getByRole('log').getByText('Yes. Keep a sleep diary until then.').waitFor();
      await capture(phone, 'messages-thread', 'phone');
      await phone.context().close();
    } finally {
      await client.context().close();
      await coach.context().close();
    }
  });

  it('a session too close to cancel says so before the act and leads to the conversation with the coach', async () => {
    const startsAt = new Date(Date.now() + 3 * 60 * 60_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const soon = await t.db.appointment.create({
      data: {
        coachId: tomas.id,
        clientId: jordan.id,
        scheduledFor: startsAt,
        durationMin: 15,
        endsAt: new Date(startsAt.getTime() + 15 * 60_000),
        roomId: `session-late-${startsAt.getTime()}`,
        status: 'scheduled',
        bookedById: jordan.id,
      },
    });
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, jordan.name);
      await page.goto(`${url}/appointments/${soon.id}`);
      // Too close to cancel: said before the act, with the way to the coach.
      await page
        .getByText(/message your coach/i)
        .first()
        .waitFor();
      expect(await page.getByRole('button', { name: 'Cancel session' }).isDisabled()).toBe(true);
      await page.getByRole('link', { name: `Message ${tomas.coachName}` }).click();
      await page.getByRole('heading', { name: tomas.coachName, level: 1 }).waitFor();
      // The link opens the thread by the coach's id; the page then settles on the thread's own address.
      await page.waitForURL(new RegExp(`${url}/messages/[\\w-]+$`));
    } finally {
      await page.context().close();
    }
  });

  it('notification settings: choose what comes by email, and the language dates are written in', async () => {
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, jordan.name);
      await page.goto(`${url}/settings#notifications`);
      const section = page.getByRole('region', { name: 'Notifications' });
      await section.getByRole('checkbox', { name: /Reminders 24 hours/ }).uncheck();
      await section.getByLabel('Dates and times in emails').selectOption('en-GB');
      await section.getByRole('button', { name: 'Save notification settings' }).click();
      await section.getByRole('status').getByText('Notification settings saved.').waitFor();
      await expectAccessible(page, 'settings');
      const saved = await t.db.user.findUniqueOrThrow({
        where: { id: jordan.id },
        select: { locale: true, notificationPreferences: true },
      });
      expect(saved.locale).toBe('en-GB');
      expect(Object.fromEntries(saved.notificationPreferences.map((p) => [p.topic, p.email]))).toEqual({
        appointments: true,
        reminders: false,
        messages: true,
        membership: true,
      });
    } finally {
      await page.context().close();
    }
  });
});
