import { readFile } from 'node:fs/promises';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { expectAccessible } from './axe';
import { capture, signInAs } from './journey';

const t = useTestDatabase();
// The demo world, and no Skool members endpoint configured (the test server's default).
const { openPage } = useAppInBrowser(t);

describe('an admin runs the place', () => {
  it("changes a coach's level on the coaches page, and the coach's card shows it", async () => {
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, 'Alex Admin');
      // The dashboard's Coaches card is a page now, not "Coming soon".
      expect(await page.getByText('Coming soon').count()).toBe(0);
      await page.getByRole('link', { name: 'Coaches' }).first().click();
      await page.waitForURL(`${url}/admin/coaches`);
      const maya = page.getByRole('article', { name: 'Coach Maya' });
      // The card's level badge (the level select below has an option of the same words).
      const badge = (n: number) => maya.locator('span', { hasText: new RegExp(`^Level ${n}$`) });
      await badge(3).waitFor();
      await maya.getByText('Coach no-shows').waitFor();
      await capture(page, 'admin-coaches');
      await expectAccessible(page, 'the coaches page');

      await maya.getByRole('combobox', { name: 'Coach level' }).selectOption('5');
      await maya.getByRole('button', { name: 'Save level' }).click();
      await maya.getByRole('status').filter({ hasText: 'Level 5 saved.' }).waitFor();
      await badge(5).waitFor();
      expect((await t.db.user.findUniqueOrThrow({ where: { id: 'seed-coach-maya' } })).coachLevel).toBe(5);
      const audit = await t.db.auditLog.findFirstOrThrow({
        where: { userId: 'seed-coach-maya', action: 'coach.level_changed' },
      });
      expect(audit).toMatchObject({ actorId: 'seed-admin', metadata: { from: 3, to: 5 } });

      // The card clients choose from says so too.
      await page.goto(`${url}/book`);
      await page.getByRole('article', { name: 'Coach Maya' }).getByText('Level 5', { exact: true }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('finds a person, sees their relationships, and deactivates them, who is then signed out', async () => {
    const { page, url } = await openPage();
    const { page: member } = await openPage();
    try {
      await signInAs(member, url, 'Grace Kim');
      await signInAs(page, url, 'Alex Admin');
      await page.goto(`${url}/admin/users`);
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      await expectAccessible(page, 'the users page');
      await page.getByRole('searchbox', { name: 'Name or email' }).fill('grace');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(`${url}/admin/users?q=grace`);
      await page.getByRole('link', { name: 'Grace Kim' }).click();
      await page.waitForURL(`${url}/admin/users/seed-client-08`);
      await page.getByRole('heading', { name: 'Grace Kim', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Coach–client relationships' }).waitFor();
      await capture(page, 'admin-user');
      await expectAccessible(page, 'a user page');

      await page.getByRole('button', { name: 'Deactivate account' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deactivate Grace Kim?' });
      await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('This account is deactivated: the person cannot sign in.').waitFor();
      expect((await t.db.user.findUniqueOrThrow({ where: { id: 'seed-client-08' } })).deletedAt).not.toBeNull();
      expect(await t.db.auditLog.count({ where: { userId: 'seed-client-08', action: 'user.deactivated' } })).toBe(1);

      // Grace's open browser is signed out on its next request.
      await member.reload();
      await member.getByRole('heading', { name: 'Sign in to HybridCoach' }).waitFor();

      await page.getByRole('button', { name: 'Reactivate account' }).click();
      await page.getByRole('button', { name: 'Deactivate account' }).waitFor();
    } finally {
      await page.context().close();
      await member.context().close();
    }
  });

  it('offers no "sync now" without a members endpoint, and names no setting', async () => {
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, 'Alex Admin');
      await page.goto(`${url}/admin/skool`);
      await page.getByRole('heading', { name: 'Vagus', level: 3 }).waitFor();
      await page.getByText('Members arrive by CSV upload only.').first().waitFor();
      expect(await page.getByRole('button', { name: /^Sync .* now$/ }).count()).toBe(0);
      expect(await page.locator('body').textContent()).not.toMatch(/SKOOL_/);
    } finally {
      await page.context().close();
    }
  });

  it('fills in the metrics of a fresh install from its history and downloads them as CSV', async () => {
    await t.db.platformMetric.deleteMany();
    const { page, url } = await openPage();
    try {
      await signInAs(page, url, 'Alex Admin');
      await page.goto(`${url}/admin/metrics`);
      await page.getByText('No metrics for these days').waitFor();
      await page.getByRole('button', { name: 'Fill in missing days' }).click();
      await page.getByText(/^Rolled up \d+ days? between/).waitFor();
      await page.getByRole('heading', { name: 'Sessions completed' }).first().waitFor();
      const completed = await t.db.platformMetric.aggregate({
        where: { metric: 'sessions_completed' },
        _sum: { value: true },
      });
      expect(completed._sum.value).toBeGreaterThan(0);
      await capture(page, 'admin-metrics-backfilled');
      await expectAccessible(page, 'the metrics page');

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download these days as CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^metrics-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile((await file.path()) ?? '', 'utf8');
      expect(csv.split('\r\n')[0]).toBe('date,active_users,sessions_completed,avg_rating,minutes_in_session,no_shows');
    } finally {
      await page.context().close();
    }
  });
});
