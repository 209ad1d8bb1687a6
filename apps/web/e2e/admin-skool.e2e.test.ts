import { useTestDatabase } from '@hybridcoach/db/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { viewports } from './browser';
import { capture, resultsDir, signInAs, type ViewportName } from './journey';

const t = useTestDatabase();

// A members endpoint is configured here, so "sync now" is offered (see admin-users for without).
const { openPage } = useAppInBrowser(t, {
  settings: () => ({ skoolSources: { membersEndpoint: true, csvFolder: false } }),
});

/** A long phone page is unreadable as one picture: it is also saved in screen-sized slices. */
async function captureSlices(page: Page, name: string): Promise<void> {
  const { width, height } = viewports.phone;
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, n = 1; y < total; y += height, n++) {
    await page.screenshot({
      path: `${resultsDir}${name}-phone-${n}.png`,
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(height, total - y) },
    });
  }
}

/** The Vagus members as a Skool export lists them: every active member, one per row. */
async function vagusExportRows(): Promise<string[]> {
  const members = await t.db.user.findMany({
    where: { vagusSubscriptionStatus: 'active', deletedAt: null },
    orderBy: { email: 'asc' },
    select: { displayName: true, email: true, skoolVagusEmail: true },
  });
  return members.map((m) => `${m.displayName},${m.skoolVagusEmail ?? m.email},active`);
}

const csvFile = (name: string, lines: string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(`${['Name,Email,Status', ...lines].join('\n')}\n`),
});

describe('admin Skool page', () => {
  it('shows a malformed CSV’s lines, then previews and applies the fixed file', async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Alex Admin');
      // The dashboard's admin card leads to the page.
      await page.getByRole('link', { name: 'Skool sync' }).click();
      await page.waitForURL(`${url}/admin/skool`);
      await page.getByRole('heading', { name: 'Skool sync', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Vagus', level: 3 }).waitFor();

      const members = await vagusExportRows();
      expect(members.length).toBeGreaterThan(0);
      const newRow = 'Nadia New,nadia.new@vagus.example,active';
      // Header is line 1, so the broken row (after the members and the new one) is this line:
      const brokenLine = members.length + 3;
      const upload = page.getByRole('form', { name: 'Upload a members CSV' });
      await upload.getByLabel('Community').selectOption('vagus');
      await upload
        .getByLabel('Members CSV')
        .setInputFiles(csvFile('vagus-members.csv', [...members, newRow, 'Broken Row,not-an-email,active']));
      await upload.getByRole('button', { name: 'Preview changes' }).click();

      const summary = page.getByRole('alert').filter({ hasText: 'The file could not be previewed' });
      await summary.waitFor();
      expect(await summary.evaluate((node) => node === document.activeElement)).toBe(true);
      const problems = upload.getByRole('list', { name: 'Problems in the file' });
      await problems.getByText(`Line ${brokenLine}: invalid email "not-an-email"`).waitFor();
      const fileInput = upload.getByLabel('Members CSV');
      expect(await fileInput.getAttribute('aria-invalid')).toBe('true');
      // The summary's link leads to the file field.
      await summary.getByRole('link').click();
      expect(await fileInput.evaluate((node) => node === document.activeElement)).toBe(true);
      await capture(page, 'admin-skool-csv-errors', 'desktop');
      expect(await t.db.skoolSyncPreview.count()).toBe(0);

      // Fixed: the broken row is gone.
      await fileInput.setInputFiles(csvFile('vagus-members.csv', [...members, newRow]));
      expect(await problems.count()).toBe(0);
      await upload.getByRole('button', { name: 'Preview changes' }).click();
      await page.getByRole('heading', { name: 'Preview: vagus-members.csv for Vagus' }).waitFor();
      const newMembers = page.locator('dt', { hasText: /^New members$/ }).locator('xpath=following-sibling::dd');
      expect(await newMembers.textContent()).toBe('1');
      const changes = page.getByRole('region', { name: /Changes by member, \d/ });
      await changes
        .getByRole('row', { name: /nadia\.new@vagus\.example/ })
        .getByText('New member')
        .waitFor();
      await page.getByText('a sync may cancel at most 20% at once').waitFor();
      expect(await page.getByText('This file would be refused').count()).toBe(0);
      await capture(page, 'admin-skool-csv-preview', 'desktop');
      expect(await t.db.user.count({ where: { email: 'nadia.new@vagus.example' } })).toBe(0);

      await page.getByRole('button', { name: /^Apply 1 change to Vagus$/ }).click();
      await page.getByRole('status').filter({ hasText: 'Applied vagus-members.csv to Vagus' }).waitFor();

      const nadia = await t.db.user.findUniqueOrThrow({ where: { email: 'nadia.new@vagus.example' } });
      expect(nadia).toMatchObject({ displayName: 'Nadia New', vagusSubscriptionStatus: 'active', role: 'client' });
      const log = await t.db.skoolMonitoringLog.findFirstOrThrow({ where: { source: 'csv-upload' } });
      expect(log).toMatchObject({ community: 'vagus', success: true, newMembers: 1 });

      // The run is in the sync log, marked and open on its details.
      const syncLog = page.getByRole('region', { name: /Sync runs/ });
      const run = syncLog.getByRole('row').filter({ hasText: 'Your upload' });
      await run.getByText('CSV upload').waitFor();
      await run.getByText('Succeeded').waitFor();
      expect(await run.getByRole('button', { name: /details of the sync/ }).getAttribute('aria-expanded')).toBe('true');
      await syncLog.getByText('vagus-members.csv').waitFor();

      // The new member's first status is in the history; choosing her narrows it to her.
      const history = page.getByRole('region', { name: /Membership changes/ });
      await history.getByRole('button', { name: /Nadia New/ }).click();
      await page.getByText(/Only\s+Nadia New/).waitFor();
      await page.getByRole('region', { name: 'Membership changes, newest first, for Nadia New' }).waitFor();

      // Sync now: a request for the worker; the button waits while it is open.
      await page.getByRole('button', { name: 'Sync Vagus now' }).click();
      const requested = page.getByRole('button', { name: 'Sync requested' });
      await requested.waitFor();
      expect(await requested.isDisabled()).toBe(true);
      await page.getByText('Waiting for the worker').waitFor();
      expect(await t.db.skoolSyncRequest.count({ where: { community: 'vagus', status: 'pending' } })).toBe(1);
      await capture(page, 'admin-skool', 'desktop');
    } finally {
      await page.context().close();
    }
  });

  it('warns on a phone that a file cancelling too many would be refused, and asks for consent', async () => {
    const { page, url } = await openPage('phone');
    try {
      await signInAs(page, url, 'Alex Admin');
      await page.goto(`${url}/admin/skool`);
      await page.getByRole('heading', { name: 'Vagus', level: 3 }).waitFor();
      const [onlyOne] = await vagusExportRows();
      const upload = page.getByRole('form', { name: 'Upload a members CSV' });
      await upload.getByLabel('Community').selectOption('vagus');
      await upload.getByLabel('Members CSV').setInputFiles(csvFile('partial.csv', [onlyOne ?? '']));
      await upload.getByRole('button', { name: 'Preview changes' }).click();
      await page.getByText('This file would be refused').waitFor();

      const before = await t.db.skoolMonitoringLog.count();
      await page.getByRole('button', { name: /^Apply \d+ changes to Vagus$/ }).click();
      const consent = page.getByRole('checkbox', { name: 'Allow mass cancellation' });
      expect(await consent.evaluate((node) => node === document.activeElement)).toBe(true);
      expect(await consent.getAttribute('aria-invalid')).toBe('true');
      await page
        .getByText(/Tick “Allow mass cancellation”/)
        .first()
        .waitFor();
      // Nothing was sent: no refused run in the log.
      expect(await t.db.skoolMonitoringLog.count()).toBe(before);
      await capture(page, 'admin-skool-refusal', 'phone');
      await captureSlices(page, 'admin-skool-refusal');

      await page.getByRole('button', { name: 'Start over' }).click();
      await upload.getByRole('button', { name: 'Preview changes' }).waitFor();
      await capture(page, 'admin-skool', 'phone');
      await captureSlices(page, 'admin-skool');
    } finally {
      await page.context().close();
    }
  });

  it('sends anyone but an admin back to their dashboard', async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Maya Chen');
      await page.goto(`${url}/admin/skool`);
      await page.waitForURL(`${url}/dashboard`);
      expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});

describe.each(Object.keys(viewports) as ViewportName[])('admin metrics page on %s', (viewport) => {
  it('shows the daily metrics of a range as charts and a table, and explains a wrong range', async () => {
    const day = (offset: number) => new Date(Date.UTC(2030, 0, 1 + offset));
    await t.db.platformMetric.deleteMany();
    for (let i = 0; i < 14; i++) {
      await t.db.platformMetric.createMany({
        data: [
          { date: day(i), metric: 'active_users', value: 20 + ((i * 7) % 13) },
          { date: day(i), metric: 'sessions_completed', value: 3 + (i % 5) },
          {
            date: day(i),
            metric: 'avg_rating',
            value: i === 3 ? 0 : 4 + (i % 3) / 4,
            metadata: { ratings: i === 3 ? 0 : 2 },
          },
          { date: day(i), metric: 'minutes_in_session', value: 90 + i * 12.5 },
          { date: day(i), metric: 'no_shows', value: i % 3 },
        ],
      });
    }
    const { page, url } = await openPage(viewport);
    try {
      await signInAs(page, url, 'Alex Admin');
      await page.goto(`${url}/admin/metrics?from=2030-01-01&to=2030-01-14`);
      const table = page.getByRole('region', { name: /Daily metrics, .* \(UTC days\)/ });
      await table.waitFor();
      const row = table.getByRole('row', { name: /(^|\s)1 Jan 2030/ });
      expect(await row.getByRole('cell').allTextContents()).toEqual(['20', '3', '4.0', '90', '0']);
      // A day without ratings has no average, not a zero one.
      expect(
        await table
          .getByRole('row', { name: /(^|\s)4 Jan 2030/ })
          .getByRole('cell')
          .nth(2)
          .textContent(),
      ).toBe('—');
      // Each metric and the members over time are drawn (uPlot's canvases, loaded with the page).
      const members = page.getByRole('region', { name: 'Skool members' });
      await members.getByText(/^On Mon, 14 Jan 2030: \d+ Ultra members, \d+ Vagus members\.$/).waitFor();
      await page.locator('canvas').nth(5).waitFor();
      expect(await page.locator('canvas').count()).toBe(6);
      await capture(page, 'admin-metrics', viewport);

      await page.getByLabel(/^From/).fill('2030-01-20');
      await page.getByRole('button', { name: 'Show' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
      await summary.getByText('The last day must be on or after the first day').waitFor();
      expect(await page.getByLabel(/^To\b/).getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel(/^From/).fill('2030-01-10');
      await page.getByLabel('Metric', { exact: true }).selectOption('sessions_completed');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/from=2030-01-10.*metric=sessions_completed/);
      await table.getByRole('columnheader', { name: 'Sessions completed' }).waitFor();
      expect(await table.getByRole('columnheader').count()).toBe(2);
    } finally {
      await page.context().close();
    }
  });
});
