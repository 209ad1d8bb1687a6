import { useTestDatabase } from '@hybridcoach/db/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { expectAccessible } from './axe';
import { capture as captureAs, signInAs, type ViewportName } from './journey';

const t = useTestDatabase();

// Seeded people (packages/db/src/seed/people.ts). Jordan and Maya both live in New York.
const jordan = { id: 'seed-client-01', name: 'Jordan Lee', timezone: 'America/New_York' };
const maya = { id: 'seed-coach-maya', name: 'Maya Chen', coachName: 'Coach Maya' };
const priya = { id: 'seed-client-02', name: 'Priya Sharma' };
const aisha = { id: 'seed-coach-aisha', coachName: 'Coach Aisha' };

// Coaches with Monday–Friday 09:00–17:00 hours, clients and a few booked sessions, on the real
// clock: slots are chosen days ahead, well clear of notice and cancel cut-off.
const { openPage } = useAppInBrowser(t);

const capture = (page: Page, name: string, viewport: ViewportName = 'desktop') =>
  captureAs(page, `booking-${name}`, viewport);

function dateIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** Clicks the first day (by its radio's label) with open times at least `daysAhead` days from now. */
async function chooseDayAhead(page: Page, timeZone: string, daysAhead: number): Promise<string> {
  const earliest = dateIn(timeZone, new Date(Date.now() + daysAhead * 86_400_000));
  const radios = page.locator('input[type="radio"][data-date]:not([disabled])');
  await radios.first().waitFor({ state: 'attached' });
  const days = await radios.evaluateAll((nodes) =>
    nodes.map((node) => ({ id: node.id, date: node.getAttribute('data-date') ?? '' })),
  );
  const day = days.find((d) => d.date >= earliest);
  if (!day) throw new Error(`no day with open times on or after ${earliest} in ${JSON.stringify(days)}`);
  await page.locator(`label[for="${day.id}"]`).click();
  await page.getByRole('heading', { name: /^Times on / }).waitFor();
  expect(await page.locator(`input[data-date="${day.date}"]`).isChecked()).toBe(true);
  return day.date;
}

describe('booking a session in the browser', () => {
  it('a client books a slot, sees it in their list, the coach sees it in their agenda, and the client cancels it', async () => {
    const { page: client, url } = await openPage();
    const { page: coach } = await openPage();
    try {
      await signInAs(client, url, jordan.name);
      // The seed told Jordan about an earlier booking: the header shows it as unread.
      await client.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();

      await client.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a session' }).click();
      await client.waitForURL(`${url}/book`);
      const mayaCard = client.getByRole('article', { name: maya.coachName });
      await mayaCard.getByText(/Breathwork and polyvagal coach/).waitFor();
      await client.getByText('New York time (America/New_York)').first().waitFor();
      await capture(client, 'coaches');
      await mayaCard.getByRole('link', { name: 'See open times' }).click();
      await client.waitForURL(`${url}/book/${maya.id}`);
      await client.getByRole('heading', { name: `Book with ${maya.coachName}` }).waitFor();

      await client.getByRole('combobox', { name: 'Length' }).selectOption('45');
      await client.waitForURL(`${url}/book/${maya.id}?duration=45`);
      const localDate = await chooseDayAhead(client, jordan.timezone, 3);

      // The times are a keyboard grid: the first one takes Tab, the arrows move, Enter picks.
      const times = client.getByRole('group', { name: /^Times on / }).getByRole('button');
      await times.first().focus();
      await client.keyboard.press('ArrowRight');
      const startsAtIso = await client.evaluate(() => document.activeElement?.getAttribute('data-starts-at') ?? '');
      expect(startsAtIso).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const startsAt = new Date(startsAtIso);
      expect(dateIn(jordan.timezone, startsAt)).toBe(localDate);
      await capture(client, 'slots');
      await client.keyboard.press('Enter');

      const confirm = client.getByRole('dialog', { name: 'Confirm your session' });
      await confirm.waitFor();
      const newYorkTime = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: jordan.timezone }).format(
        startsAt,
      );
      // The range is written as the browser's locale (en-GB) writes one: "09:30–10:15 GMT-5".
      await confirm.getByText(new RegExp(`^${newYorkTime} ?– ?.* · 45 minutes$`)).waitFor();
      await client.waitForTimeout(200); // the dialog's pop-in animation
      await capture(client, 'confirm');
      await confirm.getByRole('button', { name: 'Book this session' }).click();

      await client.waitForURL(/\/appointments\/[^/?]+\?done=booked$/);
      await client.getByRole('status').filter({ hasText: 'Session booked' }).waitFor();
      await client.getByRole('heading', { name: `Session with ${maya.coachName}` }).waitFor();
      const appointmentId = new URL(client.url()).pathname.split('/').at(-1) ?? '';
      await capture(client, 'booked');

      const booked = await t.db.appointment.findUniqueOrThrow({ where: { id: appointmentId } });
      expect(booked).toMatchObject({
        clientId: jordan.id,
        coachId: maya.id,
        status: 'scheduled',
        durationMin: 45,
        scheduledFor: startsAt,
        endsAt: new Date(startsAt.getTime() + 45 * 60_000),
      });
      expect(booked.roomId).toMatch(/^session-[0-9a-f-]{36}$/);

      // In the client's list of upcoming appointments, in New York time.
      await client.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Appointments' }).click();
      const upcoming = client.getByRole('list', { name: 'Upcoming appointments' });
      const row = upcoming.getByRole('link').filter({ hasText: `With ${maya.coachName} · 45 min` });
      await row.waitFor();
      expect(await row.textContent()).toContain(newYorkTime);
      await capture(client, 'appointments');

      // The coach, in another browser, finds it in the week and on the day.
      await signInAs(coach, url, maya.name);
      await coach.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agenda' }).click();
      await coach.waitForURL(`${url}/agenda`);
      await coach.goto(`${url}/agenda?date=${localDate}`);
      const entry = coach.getByRole('link').filter({ hasText: jordan.name });
      await entry.waitFor();
      expect(await entry.textContent()).toContain(newYorkTime);
      await capture(coach, 'agenda-week');
      await coach.getByRole('link', { name: 'Day', exact: true }).click();
      await coach
        .getByRole('list', { name: /^Sessions on / })
        .getByRole('link', { name: /Jordan Lee/ })
        .waitFor();
      await capture(coach, 'agenda-day');

      // The client cancels, with a reason; the dialog will not go without one.
      await row.click();
      await client.waitForURL(`${url}/appointments/${appointmentId}`);
      await client.getByRole('button', { name: 'Cancel session' }).click();
      const dialog = client.getByRole('dialog', { name: 'Cancel this session?' });
      await dialog.waitFor();
      const reason = dialog.getByRole('textbox', { name: 'Reason' });
      expect(await reason.evaluate((node) => node === document.activeElement)).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel session' }).click();
      await dialog.getByText(`Tell ${maya.coachName} why, in a few words`).waitFor();
      // Said once, on the field, not again in a summary above it.
      expect(await dialog.getByText(`Tell ${maya.coachName} why`).count()).toBe(1);
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      expect(await reason.evaluate((node) => node === document.activeElement)).toBe(true);
      const describedBy = (await reason.getAttribute('aria-describedby')) ?? '';
      const description = await client.evaluate(
        (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
        describedBy.split(' '),
      );
      expect(description).toContain(`Tell ${maya.coachName} why`);
      await client.waitForTimeout(200);
      await capture(client, 'cancel-dialog');
      await reason.fill('Something came up at work');
      await dialog.getByRole('button', { name: 'Cancel session' }).click();
      await client.getByRole('status').filter({ hasText: 'Session cancelled' }).waitFor();
      await dialog.waitFor({ state: 'detached' });
      await client.getByText('Something came up at work').waitFor();
      await capture(client, 'cancelled');

      const cancelled = await t.db.appointment.findUniqueOrThrow({ where: { id: appointmentId } });
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        cancelledBy: jordan.id,
        cancelReason: 'Something came up at work',
      });
      expect(cancelled.cancelledAt).toBeInstanceOf(Date);
      const told = await t.db.notification.findMany({
        where: { actionUrl: `/appointments/${appointmentId}` },
        orderBy: { createdAt: 'asc' },
      });
      expect(told.map((n) => `${n.userId}:${n.type}`).sort()).toEqual(
        [
          `${jordan.id}:appointment_booked`,
          `${jordan.id}:appointment_cancelled`,
          `${maya.id}:appointment_booked`,
          `${maya.id}:appointment_cancelled`,
        ].sort(),
      );

      // Cancelled sessions leave the coach's agenda; the client still finds it among the upcoming
      // ones, marked cancelled, and not among the past.
      await coach.goto(`${url}/agenda?date=${localDate}`);
      await coach.getByText(/session(s)? this week|No sessions this week/).waitFor();
      expect(await coach.getByRole('link').filter({ hasText: jordan.name }).count()).toBe(0);
      await client.goto(`${url}/appointments`);
      const itsRow = `a[href="/appointments/${appointmentId}"]`;
      await client
        .getByRole('list', { name: 'Upcoming appointments' })
        .locator(itsRow)
        .filter({ hasText: 'Cancelled' })
        .waitFor();
      await client.goto(`${url}/appointments?scope=past`);
      await client.getByRole('list', { name: 'Past appointments' }).waitFor();
      expect(await client.getByRole('list', { name: 'Past appointments' }).locator(itsRow).count()).toBe(0);

      // The notifications: two new ones about this session; marking all read clears the badge.
      await client.getByRole('link', { name: 'Notifications, 3 unread' }).click();
      await client.waitForURL(`${url}/notifications`);
      const notifications = client.getByRole('list', { name: 'Notifications' });
      await notifications.getByText('Unread: Session cancelled').waitFor();
      await notifications.getByText('Unread: Session booked').first().waitFor();
      await capture(client, 'notifications');
      await client.getByRole('button', { name: 'Mark all as read' }).click();
      await client.getByText('You are all caught up.').waitFor();
      await client.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
      expect(await t.db.notification.count({ where: { userId: jordan.id, isRead: false } })).toBe(0);
    } finally {
      await client.context().close();
      await coach.context().close();
    }
  });

  it('shows a client the cut-off before they book a late time, and offers no cancel that would fail', async () => {
    // A coach in Jordan's zone who takes bookings at any hour, with no notice needed.
    const lateCoach = await t.given.coach({
      displayName: 'Late Larkin',
      coachName: 'Coach Larkin',
      timezone: jordan.timezone,
      minNoticeMinutes: 0,
    });
    await t.db.coachAvailability.createMany({
      data: [0, 1, 2, 3, 4, 5, 6].map((d) => ({
        coachId: lateCoach.id,
        dayOfWeek: d,
        startTime: '00:00',
        endTime: '23:59',
      })),
    });
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, jordan.name);
      await page.goto(`${url}/book/${lateCoach.id}`);
      await page.getByRole('heading', { name: 'Book with Coach Larkin' }).waitFor();
      // The rule is on the page before any time is picked.
      await page.getByText('You can cancel or move a session up to 12 hours before it starts.').waitFor();
      await chooseDayAhead(page, jordan.timezone, 0);
      // A time at least 40 minutes away (the room opens 10 minutes early) and inside the cut-off.
      const starts = await page
        .getByRole('group', { name: /^Times on / })
        .getByRole('button')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-starts-at') ?? ''));
      const late = starts.find((iso) => {
        const ms = new Date(iso).getTime() - Date.now();
        return ms > 40 * 60_000 && ms < 11 * 3_600_000;
      });
      if (!late) throw new Error(`no time between 40 minutes and 11 hours ahead in ${starts.join(', ')}`);
      await page.locator(`[data-starts-at="${late}"]`).click();
      const confirm = page.getByRole('dialog', { name: 'Confirm your session' });
      await confirm.getByText('You will not be able to cancel or move this session').waitFor();
      await confirm.getByText(/It starts in less than 12 hours/).waitFor();
      await page.waitForTimeout(200);
      await capture(page, 'late-confirm');
      await expectAccessible(page, 'the confirm dialog of a late time');
      await confirm.getByRole('button', { name: 'Book this session' }).click();
      await page.waitForURL(/\/appointments\/[^/?]+\?done=booked$/);
      await page.getByRole('heading', { name: 'Session with Coach Larkin' }).waitFor();

      // Cancel and Reschedule are there, but cannot be started, and say why.
      const cancel = page.getByRole('button', { name: 'Cancel session' });
      expect(await cancel.isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Reschedule' }).isDisabled()).toBe(true);
      expect(await page.getByRole('link', { name: 'Reschedule' }).count()).toBe(0);
      const why = await cancel.evaluate(
        (node) => document.getElementById(node.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      );
      expect(why).toContain('Sessions can be cancelled or moved up to 12 hours before they start');
      await capture(page, 'late-appointment');
      await expectAccessible(page, 'a late appointment');
      // Nothing opened: there is no dialog to type a reason into.
      await cancel.click({ force: true });
      expect(await page.getByRole('dialog').count()).toBe(0);

      // The reschedule page, reached by its address, says the same instead of offering times.
      const appointmentId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      await page.goto(`${url}/appointments/${appointmentId}/reschedule`);
      await page.getByText('This session cannot be moved').waitFor();
      expect(await page.getByRole('group', { name: /^Times on / }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('tells a client booking days ahead until when they can cancel', async () => {
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, priya.name);
      await page.goto(`${url}/book/${aisha.id}`);
      await chooseDayAhead(page, 'Europe/London', 4);
      await page
        .getByRole('group', { name: /^Times on / })
        .getByRole('button')
        .first()
        .click();
      const confirm = page.getByRole('dialog', { name: 'Confirm your session' });
      await confirm
        .getByText(/^You can cancel or move this session until .+; after that, message your coach\.$/)
        .waitFor();
    } finally {
      await page.context().close();
    }
  });

  it("offers the times in the device's zone when it differs from the saved one, and back", async () => {
    // Jordan's saved zone is New York; this browser is in Lisbon.
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, jordan.name);
      await page.goto(`${url}/book`);
      await page.getByRole('button', { name: 'Show in my device’s zone (Lisbon)' }).click();
      await page.getByText('Lisbon time (Europe/Lisbon)').waitFor();
      await page.getByRole('article', { name: maya.coachName }).getByRole('link', { name: 'See open times' }).click();
      // The choice carries to the times themselves.
      await page.getByText('Lisbon time (Europe/Lisbon)').waitFor();
      await chooseDayAhead(page, 'Europe/Lisbon', 3);
      const first = page
        .getByRole('group', { name: /^Times on / })
        .getByRole('button')
        .first();
      const startsAt = new Date((await first.getAttribute('data-starts-at')) ?? '');
      const inLisbon = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/Lisbon' }).format(
        startsAt,
      );
      expect(await first.textContent()).toContain(inLisbon);
      await capture(page, 'device-zone');
      await expectAccessible(page, 'open times in the device zone');
      await page.getByRole('button', { name: 'Show in my zone (New York)' }).click();
      await page.getByText('New York time (America/New_York)').waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('tells the client when someone else took the time meanwhile, and shows fresh times', async () => {
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, priya.name);
      await page.goto(`${url}/book/${aisha.id}`);
      await page.getByRole('heading', { name: `Book with ${aisha.coachName}` }).waitFor();
      // Past the seeded bookings, so the stand-in booking below overlaps nothing else.
      await chooseDayAhead(page, 'Europe/London', 9);
      const first = page
        .getByRole('group', { name: /^Times on / })
        .getByRole('button')
        .first();
      const startsAt = new Date((await first.getAttribute('data-starts-at')) ?? '');
      await first.click();
      const confirm = page.getByRole('dialog', { name: 'Confirm your session' });
      await confirm.waitFor();

      // Another client books that very time first.
      await t.db.appointment.create({
        data: {
          clientId: 'seed-client-03',
          coachId: aisha.id,
          scheduledFor: startsAt,
          durationMin: 30,
          endsAt: new Date(startsAt.getTime() + 30 * 60_000),
          roomId: `session-${crypto.randomUUID()}`,
          status: 'scheduled',
        },
      });
      await confirm.getByRole('button', { name: 'Book this session' }).click();

      const alert = page.getByRole('alert').filter({ hasText: 'That time was just taken' });
      await alert.waitFor();
      await confirm.waitFor({ state: 'detached' });
      // Focus lands on the message, and the taken time is gone from the fresh list.
      expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('just taken');
      await page.locator(`[data-starts-at="${startsAt.toISOString()}"]`).waitFor({ state: 'detached' });
      await capture(page, 'conflict');
      expect(await t.db.appointment.count({ where: { clientId: priya.id, scheduledFor: startsAt } })).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('moves a client’s session to another open time of the same coach', async () => {
    // Seeded: Jordan's session with Coach Tomás, eight days ahead.
    const before = await t.db.appointment.findUniqueOrThrow({ where: { id: 'seed-appt-next-7' } });
    expect(before.clientId).toBe(jordan.id);
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, jordan.name);
      await page.goto(`${url}/appointments/${before.id}`);
      await page.getByRole('link', { name: 'Reschedule' }).click();
      await page.waitForURL(`${url}/appointments/${before.id}/reschedule`);
      await page.getByRole('heading', { name: 'Reschedule your session with Coach Tomás' }).waitFor();
      await chooseDayAhead(page, jordan.timezone, 10);
      const first = page
        .getByRole('group', { name: /^Times on / })
        .getByRole('button')
        .first();
      const startsAt = new Date((await first.getAttribute('data-starts-at')) ?? '');
      await capture(page, 'reschedule');
      await first.click();
      const confirm = page.getByRole('dialog', { name: 'Move the session to this time?' });
      await confirm.getByRole('button', { name: 'Move the session' }).click();
      await page.waitForURL(`${url}/appointments/${before.id}?done=moved`);
      await page.getByRole('status').filter({ hasText: 'Session moved' }).waitFor();

      const after = await t.db.appointment.findUniqueOrThrow({ where: { id: before.id } });
      expect(after).toMatchObject({ status: 'scheduled', coachId: before.coachId, scheduledFor: startsAt });
      expect(after.endsAt).toEqual(new Date(startsAt.getTime() + before.durationMin * 60_000));
    } finally {
      await page.context().close();
    }
  });

  it('lets an admin hand a session to another coach from its page', async () => {
    // A weekday afternoon in London, past the seeded sessions: inside both coaches' hours.
    let day = new Date(Date.now() + 10 * 86_400_000);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day = new Date(day.getTime() + 86_400_000);
    const startsAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 15));
    const appointment = await t.db.appointment.create({
      data: {
        clientId: 'seed-client-05',
        coachId: maya.id,
        scheduledFor: startsAt,
        durationMin: 30,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        roomId: `session-${crypto.randomUUID()}`,
        status: 'scheduled',
      },
    });
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, 'Alex Admin');
      await page.goto(`${url}/appointments/${appointment.id}`);
      const reassign = page.getByRole('form', { name: 'Reassign to another coach' });
      await reassign.getByRole('button', { name: 'Reassign' }).click();
      await reassign.getByText('Choose the coach who should take this session').first().waitFor();
      const select = reassign.getByRole('combobox', { name: 'New coach' });
      expect(await select.getAttribute('aria-invalid')).toBe('true');
      await select.selectOption({ label: aisha.coachName });
      await reassign.getByRole('button', { name: 'Reassign' }).click();
      await page.getByRole('status').filter({ hasText: 'Session reassigned' }).waitFor();
      await page.getByText(aisha.coachName).first().waitFor();
      await capture(page, 'reassigned');
      const after = await t.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } });
      expect(after.coachId).toBe(aisha.id);
    } finally {
      await page.context().close();
    }
  });

  it('lets a coach change their weekly hours, with mistakes pointed out on the field', async () => {
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, 'Tomás Rivera');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Availability' }).click();
      await page.getByRole('heading', { name: 'Weekly hours' }).waitFor();
      await page.getByText('Los Angeles time (America/Los_Angeles)').waitFor();

      await page.getByRole('button', { name: 'Add a window on Saturday' }).click();
      const start = page.getByLabel('Saturday window 1 starts at');
      // The new window's start has focus, ready to type into.
      expect(await start.evaluate((node) => node === document.activeElement)).toBe(true);
      await start.fill('12:00');
      await page.getByLabel('Saturday window 1 ends at').fill('10:00');
      await page.getByRole('button', { name: 'Save weekly hours' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'The weekly hours were not saved' });
      await summary.waitFor();
      expect(await summary.evaluate((node) => node === document.activeElement)).toBe(true);
      await capture(page, 'availability-error');
      await summary.getByRole('link', { name: 'Saturday window 1 must end after it starts' }).click();
      const end = page.getByLabel('Saturday window 1 ends at');
      expect(await end.evaluate((node) => node === document.activeElement)).toBe(true);
      expect(await end.getAttribute('aria-invalid')).toBe('true');

      await end.fill('14:00');
      await page.getByRole('button', { name: 'Save weekly hours' }).click();
      await page.getByRole('status').filter({ hasText: 'Weekly hours saved.' }).waitFor();
      const weekly = await t.db.coachAvailability.findMany({
        where: { coachId: 'seed-coach-tomas', isRecurring: true },
        orderBy: { dayOfWeek: 'asc' },
      });
      expect(weekly.map((w) => `${w.dayOfWeek} ${w.startTime}-${w.endTime}`)).toEqual([
        '1 09:00-17:00',
        '2 09:00-17:00',
        '3 09:00-17:00',
        '4 09:00-17:00',
        '5 09:00-17:00',
        '6 12:00-14:00',
      ]);

      // The browser checks with the procedure's own schema: nothing is sent, the field says why.
      const rulesForm = page.getByRole('form', { name: 'Booking rules' });
      await page.getByLabel('Buffer (minutes)').fill('300');
      await page.getByLabel('Booking horizon (days)').fill('');
      await page.getByRole('button', { name: 'Save booking rules' }).click();
      await rulesForm.getByRole('alert').getByText('Buffer must be 0–240 minutes').waitFor();
      await rulesForm.getByRole('alert').getByText('Booking horizon must be a number of days').waitFor();
      expect(await page.getByLabel('Buffer (minutes)').getAttribute('aria-invalid')).toBe('true');
      expect((await t.db.user.findUniqueOrThrow({ where: { id: 'seed-coach-tomas' } })).bufferMinutes).not.toBe(300);

      await page.getByLabel('Buffer (minutes)').fill('15');
      await page.getByLabel('Booking horizon (days)').fill('60');
      await page.getByRole('button', { name: 'Save booking rules' }).click();
      await page.getByRole('status').filter({ hasText: 'Booking rules saved.' }).waitFor();
      const rules = await t.db.user.findUniqueOrThrow({ where: { id: 'seed-coach-tomas' } });
      expect(rules.bufferMinutes).toBe(15);
      await capture(page, 'availability');
    } finally {
      await page.context().close();
    }
  });
});

describe('scheduling pages on a phone', () => {
  it('fit a narrow screen', async () => {
    const { page: client, url } = await openPage('phone');
    const { page: coach } = await openPage('phone');
    try {
      await signInAs(client, url, 'Priya Sharma');
      await capture(client, 'dashboard', 'phone');
      await client.goto(`${url}/book`);
      await client.getByRole('article', { name: maya.coachName }).waitFor();
      await capture(client, 'coaches', 'phone');
      await client.goto(`${url}/book/${maya.id}`);
      await client.getByRole('group', { name: /^Times on / }).waitFor();
      await capture(client, 'slots', 'phone');
      await client.goto(`${url}/appointments`);
      await client.getByRole('heading', { name: 'Calendar feed' }).waitFor();
      // No link yet: nothing to turn off is offered.
      await client.getByRole('button', { name: 'Get calendar link' }).waitFor();
      expect(await client.getByRole('button', { name: 'Turn off link' }).count()).toBe(0);
      await client.getByRole('button', { name: 'Get calendar link' }).click();
      const link = client.getByRole('textbox', { name: 'Your calendar link' });
      await link.waitFor();
      expect(await link.inputValue()).toMatch(/^http:\/\/localhost:3000\/calendar\/[a-z2-7]+\.ics$/);
      await client.getByRole('button', { name: 'Turn off link' }).waitFor();
      await capture(client, 'appointments', 'phone');
      await client.goto(`${url}/notifications`);
      await client.getByRole('heading', { name: 'Notifications' }).waitFor();
      await capture(client, 'notifications', 'phone');

      await signInAs(coach, url, maya.name);
      await coach.goto(`${url}/agenda`);
      await coach.getByText(/session(s)? this week|No sessions this week/).waitFor();
      await capture(coach, 'agenda-week', 'phone');
      await coach.goto(`${url}/availability`);
      await coach.getByRole('heading', { name: 'Weekly hours' }).waitFor();
      await capture(coach, 'availability', 'phone');
      const upcoming = await t.db.appointment.findFirstOrThrow({
        where: { coachId: maya.id, status: 'scheduled', scheduledFor: { gt: new Date() } },
        orderBy: { scheduledFor: 'asc' },
      });
      await coach.goto(`${url}/appointments/${upcoming.id}`);
      await coach.getByRole('heading', { name: 'Reassign' }).waitFor();
      await capture(coach, 'appointment', 'phone');
    } finally {
      await client.context().close();
      await coach.context().close();
    }
  });
});
