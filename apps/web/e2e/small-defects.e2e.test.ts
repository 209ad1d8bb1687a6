import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { expectAccessible } from './axe';
import { capture, signInAs } from './journey';

const t = useTestDatabase();
// The demo world (packages/db/src/seed) on the real clock, in a browser in Lisbon.
const { openPage } = useAppInBrowser(t);
const DAY = 86_400_000;

describe('small things that got in the way', () => {
  it("the coach dashboard at 1280 px shows every session's whole date and name", async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Maya Chen');
      const next = page.getByRole('list', { name: 'Next sessions' });
      await next.getByRole('link').first().waitFor();
      const cut = await next
        .locator('a span')
        .evaluateAll((spans) =>
          spans
            .filter((s) => s.scrollWidth > s.clientWidth + 1 || getComputedStyle(s).textOverflow === 'ellipsis')
            .map((s) => s.textContent),
        );
      expect(cut).toEqual([]);
      // The header holds a coach's seven links, the bells and the account menu without spilling
      // over, whatever the name (the name is cut at 10rem).
      await t.db.user.updateMany({
        where: { displayName: 'Maya Chen' },
        data: { displayName: 'Maya Chen-Rodríguez Vega' },
      });
      await page.reload();
      await page.getByRole('button', { name: /Account menu for Maya Chen-Rodríguez Vega/ }).waitFor();
      const header = page.locator('header').first();
      expect(await header.evaluate((h) => h.scrollWidth - h.clientWidth)).toBeLessThanOrEqual(0);
      const spill = await header
        .locator('a, button')
        .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().right > window.innerWidth).length);
      expect(spill).toBe(0);
      await capture(page, 'coach-dashboard');
    } finally {
      await t.db.user.updateMany({
        where: { displayName: 'Maya Chen-Rodríguez Vega' },
        data: { displayName: 'Maya Chen' },
      });
      await page.context().close();
    }
  });

  it('the week agenda is a time grid that tells days off from free days', async () => {
    const { page, url } = await openPage('desktop');
    try {
      // Maya works Monday to Friday, 09:00–17:00 in New York.
      await signInAs(page, url, 'Maya Chen');
      await page.goto(`${url}/agenda`);
      await page.getByText(/session(s)? this week|No sessions this week/).waitFor();
      const days = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
      await days
        .first()
        .getByText(/Day off|Free|\d+ sessions?/)
        .waitFor();
      const saturday = days.filter({ has: page.getByRole('heading', { name: /^Sat / }) });
      const sunday = days.filter({ has: page.getByRole('heading', { name: /^Sun / }) });
      await saturday.getByText('Day off').waitFor();
      await sunday.getByText('Day off').waitFor();
      expect(await saturday.getByText('Free').count()).toBe(0);
      // Working days say their hours to a screen reader.
      expect(await days.filter({ has: page.getByRole('heading', { name: /^Mon / }) }).textContent()).toMatch(/working/);
      // The hours run down the side; sessions sit at their time.
      expect(
        await page
          .locator('[aria-hidden="true"] span')
          .filter({ hasText: /^(9 am|09|9 AM)$/ })
          .count(),
      ).toBe(1);
      const session = page.locator('a[href^="/appointments/"]').first();
      if ((await session.count()) > 0) {
        expect(await session.evaluate((a) => getComputedStyle(a.parentElement as Element).position)).toBe('absolute');
      }
      await capture(page, 'agenda-week-grid');
      await expectAccessible(page, 'the week agenda');
    } finally {
      await page.context().close();
    }
  });

  it('offers no "Try again" where trying again cannot help', async () => {
    const jordan = 'seed-client-01';
    const cancelled = await t.given.appointment({
      coach: { id: 'seed-coach-aisha' },
      client: { id: jordan },
      startsAt: new Date(Date.now() + 20 * DAY),
      status: 'cancelled',
    });
    const { page, url } = await openPage('desktop');
    const { page: coach } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Jordan Lee');
      await page.goto(`${url}/appointments/no-such-appointment`);
      await page.getByText('Could not load this appointment').waitFor();
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);

      await page.goto(`${url}/room/${cancelled.appointment.id}`);
      await page.getByText('You cannot join this session').waitFor();
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);

      // A client Maya has never coached.
      const stranger = await t.given.client({ displayName: 'Stranger Client' });
      await signInAs(coach, url, 'Maya Chen');
      await coach.goto(`${url}/clients/${stranger.id}/context`);
      await coach.getByText('This context could not be shown').waitFor();
      expect(await coach.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    } finally {
      await page.context().close();
      await coach.context().close();
    }
  });

  it('moving a session with a paused coach says why there are no times, once', async () => {
    const paused = await t.given.coach({ displayName: 'Paula Paused', coachName: 'Coach Paula', isAvailable: false });
    const client = await t.given.client({ displayName: 'Rhea Reschedule' });
    const { appointment } = await t.given.appointment({
      coach: paused,
      client,
      startsAt: new Date(Date.now() + 6 * DAY),
    });
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Rhea Reschedule');
      await page.goto(`${url}/appointments/${appointment.id}/reschedule`);
      await page.getByText('Coach Paula is not taking bookings right now').waitFor();
      expect(await page.getByRole('button', { name: 'Show later times' }).count()).toBe(0);
      expect(await page.getByRole('group', { name: /^Times on / }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('the waiting room counts the last minute in seconds, not "just now"', async () => {
    // Opens (10 minutes before the start) in about 40 seconds.
    const client = await t.given.client({ displayName: 'Wanda Waiting' });
    const { appointment } = await t.given.appointment({
      client,
      startsAt: new Date(Date.now() + 10 * 60_000 + 40_000),
    });
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Wanda Waiting');
      await page.goto(`${url}/room/${appointment.id}`);
      await page.getByRole('heading', { name: 'The room is not open yet' }).waitFor();
      await page.getByText(/^That is in \d+ seconds\./).waitFor();
      expect(await page.getByText('just now').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
