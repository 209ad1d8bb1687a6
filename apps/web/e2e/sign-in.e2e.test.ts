import { openIntake } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { viewports } from './browser';
import { resultsDir } from './journey';

const t = useTestDatabase();
// The dev mailbox and the dev pages: the build with dev tools, over a development server.
const { app } = useAppInBrowser(t, { seed: false });

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app().browser.newContext({ viewport: viewports.desktop, locale: 'en-US' });
  // Fail on the step that hangs, well within the test's own timeout.
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

describe('signing in with an emailed code', () => {
  it('takes a new Vagus member from the email step through onboarding to their dashboard', async () => {
    const member = await t.db.user.create({
      data: {
        email: 'newcomer@vagus.example',
        displayName: 'New Comer',
        vagusSubscriptionStatus: 'active',
        skoolVagusEmail: 'newcomer@vagus.example',
      },
    });
    const { url } = app();
    const { context, page } = await newPage();
    try {
      await page.goto(`${url}/sign-in`);
      await page.getByRole('heading', { name: 'Sign in to HybridCoach' }).waitFor();
      await page.getByRole('textbox', { name: 'Email' }).fill('newcomer@vagus.example');
      await page.screenshot({ path: `${resultsDir}sign-in-email.png`, fullPage: true });
      await page.getByRole('button', { name: 'Email me a sign-in code' }).click();

      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      expect(new URL(page.url()).searchParams.get('step')).toBe('code');
      // Arriving at the code step puts the cursor in the code field.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('one-time-code');
      await page.screenshot({ path: `${resultsDir}sign-in-code.png`, fullPage: true });

      // The emailed code, read the way a developer would: from the dev mailbox page.
      await page.goto(`${url}/dev/mailbox`);
      const email = page.getByRole('article').filter({ hasText: 'To newcomer@vagus.example' });
      const code = (await email.locator('code').first().textContent())?.trim() ?? '';
      expect(code).toMatch(/^vgs-\d+-[a-z2-7]+$/);
      await page.screenshot({ path: `${resultsDir}dev-mailbox.png`, fullPage: true });

      await page.goto(`${url}/sign-in?step=code&email=${encodeURIComponent('newcomer@vagus.example')}`);
      const codeField = page.getByRole('textbox', { name: 'Sign-in code' });

      // A wrong code is reported on the field, which is marked invalid and keeps focus.
      await codeField.fill('vgs-1763766000000-abcdefghijklmnopqrstuvwxyz');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('That code is not valid').waitFor();
      expect(await codeField.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await codeField.getAttribute('aria-describedby')) ?? '';
      const description = await page.evaluate(
        (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
        describedBy.split(' '),
      );
      expect(description).toContain('That code is not valid');
      expect(await codeField.evaluate((field) => field === document.activeElement)).toBe(true);

      await codeField.fill(code);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${url}/onboarding`);
      await page.getByRole('heading', { name: 'Welcome, New' }).waitFor();
      await page.screenshot({ path: `${resultsDir}onboarding.png`, fullPage: true });

      await page
        .getByRole('textbox', { name: 'What would you like to work on?' })
        .fill('Calmer mornings and better sleep');
      await page
        .getByRole('textbox', { name: 'Anything your body is telling you?' })
        .fill('Tight shoulders in the evening');
      // A mouse picks a mood by its label; the arrow keys move along the scale.
      await page
        .locator('label')
        .filter({ has: page.getByRole('radio', { name: 'Okay (3 of 5)' }) })
        .click();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('radio', { name: 'Good (4 of 5)' }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Continue to your dashboard' }).click();

      await page.waitForURL(`${url}/dashboard`);
      await page.getByRole('heading', { name: 'Welcome, New Comer' }).waitFor();
      await page.getByText('Calmer mornings and better sleep').waitFor();
      // The header knows who is signed in.
      await page.getByRole('button', { name: /New Comer/ }).waitFor();
      await page.screenshot({ path: `${resultsDir}dashboard-newcomer.png`, fullPage: true });

      const profile = await t.db.profile.findUniqueOrThrow({ where: { userId: member.id } });
      expect(profile.onboardingCompleted).toBe(true);
      const intake = openIntake(t.keys, member.id, profile.sealedIntake);
      expect(intake.initialMood).toBe(4);
      expect(intake.coachingGoals).toBe('Calmer mornings and better sleep');
      const sessions = await t.db.userSession.findMany({ where: { userId: member.id, isActive: true } });
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.authCodeUsed).toBe(code);
    } finally {
      await context.close();
    }
  });

  it('sends a signed-out visitor of /settings to the sign-in page, to come back afterwards', async () => {
    const { url } = app();
    const { context, page } = await newPage();
    try {
      await page.goto(`${url}/settings`);
      await page.getByRole('heading', { name: 'Sign in to HybridCoach' }).waitFor();
      const landed = new URL(page.url());
      expect(landed.pathname).toBe('/sign-in');
      expect(landed.searchParams.get('redirect')).toBe('/settings');
    } finally {
      await context.close();
    }
  });
});
