import { issueAdminSetupLink } from '@hybridcoach/api';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { resultsDir } from './journey';

const t = useTestDatabase();
// A real database nobody administers: no ADMIN_EMAILS, nobody seeded.
const { app } = useAppInBrowser(t, { seed: false, settings: () => ({ adminEmails: new Set() }) });

async function newPage() {
  const context = await app().browser.newContext({ locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

describe('the setup link', () => {
  it('lets the first person name themselves admin and lands them on the admin pages; the link then stops working', async () => {
    const { url } = app();
    const link = await issueAdminSetupLink(t.db, { publicUrl: url, adminEmails: new Set(), now: new Date() });
    const setupUrl = link?.url ?? '';
    const { context, page } = await newPage();
    try {
      await page.goto(setupUrl);
      await page.getByRole('heading', { name: 'Make the first admin' }).waitFor();
      await page.getByRole('textbox', { name: 'Your name' }).fill('Olivia Owner');
      await page.getByRole('textbox', { name: 'Email' }).fill('olivia@clinic.example');
      await page.screenshot({ path: `${resultsDir}setup-admin.png`, fullPage: true });
      await page.getByRole('button', { name: 'Make me the admin' }).click();
      await page.waitForURL(/\/admin/);
      // The secret does not stay in the address bar.
      expect(page.url()).not.toContain('token');
      expect(await t.db.user.findMany({ select: { email: true, role: true } })).toEqual([
        { email: 'olivia@clinic.example', role: 'admin' },
      ]);

      // The same link, opened again (another browser), is refused with a message to act on.
      const { context: again, page: second } = await newPage();
      await second.goto(setupUrl);
      await second.getByRole('textbox', { name: 'Your name' }).fill('Mallory');
      await second.getByRole('textbox', { name: 'Email' }).fill('mallory@elsewhere.example');
      await second.getByRole('button', { name: 'Make me the admin' }).click();
      await second.getByText('This setup link was already used').waitFor();
      await second.screenshot({ path: `${resultsDir}setup-admin-used.png`, fullPage: true });
      await again.close();
      expect(await t.db.user.count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
