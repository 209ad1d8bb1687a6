import { openIntake } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mailedSignIn } from '../server/testing';
import { useAppInBrowser } from './app-in-browser';
import { expectAccessible } from './axe';
import { viewports } from './browser';
import { resultsDir } from './journey';

const t = useTestDatabase();
// The dev mailbox and the dev pages: the build with dev tools, over a development server.
// Its own public URL, so the link in the sign-in email points at this server.
const { app } = useAppInBrowser(t, { seed: false, settings: () => ({}) });

async function newPage(timezoneId?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app().browser.newContext({ viewport: viewports.desktop, locale: 'en-US', timezoneId });
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
    // The newcomer's phone is in Berlin; their account, made by the Skool sync, starts on UTC.
    expect(member.timezone).toBe('UTC');
    const { context, page } = await newPage('Europe/Berlin');
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
      await expectAccessible(page, 'the code step');

      // The emailed code, read the way a developer would: from the dev mailbox page.
      await page.goto(`${url}/dev/mailbox`);
      const email = page.getByRole('article').filter({ hasText: 'To newcomer@vagus.example' });
      const code = (await email.locator('code').first().textContent())?.trim() ?? '';
      expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      await page.screenshot({ path: `${resultsDir}dev-mailbox.png`, fullPage: true });

      await page.goto(`${url}/sign-in?step=code&email=${encodeURIComponent('newcomer@vagus.example')}`);
      const codeField = page.getByRole('textbox', { name: 'Sign-in code' });

      // A wrong code is reported on the field, which is marked invalid and keeps focus.
      // A code with a letter codes never use is caught before anything is sent.
      await codeField.fill('ABCD-EFG0');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('Sign-in code has a character sign-in codes never use').waitFor();
      const wrong = code === 'ABCD-EFGH' ? 'ABCD-EFGJ' : 'ABCD-EFGH';
      await codeField.fill(wrong);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('That code does not work for this email').waitFor();
      expect(await codeField.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await codeField.getAttribute('aria-describedby')) ?? '';
      const description = await page.evaluate(
        (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
        describedBy.split(' '),
      );
      expect(description).toContain('That code does not work for this email');
      expect(await codeField.evaluate((field) => field === document.activeElement)).toBe(true);

      // Typed the way a phone's keyboard offers it: lower case, no hyphen.
      await codeField.fill(code.replace('-', '').toLowerCase());
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
      // The zone is detected from the device and shown to confirm.
      const zone = page.getByRole('combobox', { name: 'Your time zone' });
      expect(await zone.inputValue()).toBe('Europe/Berlin');
      await page.getByText('Detected from this device.').waitFor();
      await expectAccessible(page, 'onboarding');
      await page.getByRole('button', { name: 'Continue to your dashboard' }).click();

      await page.waitForURL(`${url}/dashboard`);
      await page.getByRole('heading', { name: 'Welcome, New Comer' }).waitFor();
      await page.getByText('Calmer mornings and better sleep').waitFor();
      // The header knows who is signed in.
      await page.getByRole('button', { name: /New Comer/ }).waitFor();
      await page.screenshot({ path: `${resultsDir}dashboard-newcomer.png`, fullPage: true });

      // Confirmed, so the dashboard has nothing to ask about the zone.
      await page.getByText('Times shown for Berlin').waitFor();
      expect(await page.getByText('Is your time zone right?').count()).toBe(0);
      expect((await t.db.user.findUniqueOrThrow({ where: { id: member.id } })).timezone).toBe('Europe/Berlin');
      const profile = await t.db.profile.findUniqueOrThrow({ where: { userId: member.id } });
      expect(profile.onboardingCompleted).toBe(true);
      const intake = openIntake(t.keys, member.id, profile.sealedIntake);
      expect(intake.initialMood).toBe(4);
      expect(intake.coachingGoals).toBe('Calmer mornings and better sleep');
      const sessions = await t.db.userSession.findMany({ where: { userId: member.id, isActive: true } });
      expect(sessions).toHaveLength(1);
      const used = await t.db.authCode.findFirstOrThrow({ where: { skoolUserId: member.id } });
      expect(sessions[0]?.authCodeId).toBe(used.id);
      expect(used.usedAt).not.toBeNull();
    } finally {
      await context.close();
    }
  });

  it('signs in with one click on the link in the same email, which then works no more', async () => {
    const member = await t.db.user.create({
      data: {
        email: 'linker@vagus.example',
        displayName: 'Lin Ker',
        vagusSubscriptionStatus: 'active',
        skoolVagusEmail: 'linker@vagus.example',
        profile: { create: { onboardingCompleted: true } },
      },
    });
    const { url, server } = app();
    const { context, page } = await newPage();
    try {
      await page.goto(`${url}/sign-in`);
      await page.getByRole('textbox', { name: 'Email' }).fill('linker@vagus.example');
      await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      const { linkToken } = await mailedSignIn(server.mailbox, 'linker@vagus.example');
      const link = `${url}/sign-in/link#token=${linkToken}`;
      expect(server.mailbox.list()[0]?.text).toContain(link);

      await page.goto(link);
      await page.waitForURL(`${url}/dashboard`);
      await page.getByRole('heading', { name: 'Welcome, Lin Ker' }).waitFor();
      const sessions = await t.db.userSession.findMany({ where: { userId: member.id, isActive: true } });
      expect(sessions).toHaveLength(1);

      // Opened again (another device, a forwarded email): refused, with the way on.
      const other = await app().browser.newContext({ viewport: viewports.desktop, locale: 'en-US' });
      try {
        const second = await other.newPage();
        await second.goto(link);
        await second.getByRole('heading', { name: 'This sign-in link did not work' }).waitFor();
        await second.getByText('it was already used').waitFor();
        // The secret does not stay in the address bar.
        expect(new URL(second.url()).hash).toBe('');
        await second.screenshot({ path: `${resultsDir}sign-in-link-used.png`, fullPage: true });
        await second.getByRole('link', { name: 'Ask for a new code' }).waitFor();
        await expectAccessible(second, 'the used sign-in link');
      } finally {
        await other.close();
      }
    } finally {
      await context.close();
    }
  });

  it('serves / without the app to a visitor, whose Sign in leads into it, and with it once signed in', async () => {
    await t.given.client({ email: 'visitor@vagus.example', skoolVagusEmail: 'visitor@vagus.example' });
    const { url, server } = app();
    const { context, page } = await newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    try {
      await page.goto(url, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { name: 'Coaching that remembers every session' }).waitFor();
      await page.getByRole('heading', { name: 'Meet the coaches' }).waitFor();
      // The landing page's own entry, not the app's (which brings the router).
      expect(scripts.filter((s) => /^\/assets\/(landing|index)-/.test(s)).map((s) => s.split('-')[0])).toEqual([
        '/assets/landing',
      ]);
      expect(await page.getByRole('link', { name: 'Home' }).first().getAttribute('aria-current')).toBe('page');

      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sign in to HybridCoach' }).waitFor();
      await page.getByRole('textbox', { name: 'Email' }).fill('visitor@vagus.example');
      await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      const { code } = await mailedSignIn(server.mailbox, 'visitor@vagus.example');
      await page.getByRole('textbox', { name: 'Sign-in code' }).fill(code);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${url}/dashboard`);

      // Home, signed in: the app, with the member's own links.
      const signedInHome = async () => {
        await page.getByRole('heading', { name: 'Coaching that remembers every session' }).waitFor();
        await page.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Dashboard' }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/');
        expect(scripts.some((s) => s.startsWith('/assets/index-'))).toBe(true);
      };
      scripts.length = 0;
      await page.goto(url);
      await signedInHome();
      // The stand-alone landing page, opened by someone signed in (it was open in a tab while
      // they signed in elsewhere), hands over to the app.
      scripts.length = 0;
      await page.goto(`${url}/landing.html#coaches`);
      await signedInHome();
      expect(new URL(page.url()).hash).toBe('#coaches');
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
