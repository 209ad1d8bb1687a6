import { openContext } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { viewports } from './browser';
import { capture, resultsDir, signInAs, type ViewportName } from './journey';

const t = useTestDatabase();

const { openPage } = useAppInBrowser(t);

describe.each(Object.keys(viewports) as ViewportName[])('accounts pages on %s', (viewport) => {
  it('shows both sign-in steps and the dev sign-in page to a signed-out visitor', async () => {
    const { page, url } = await openPage(viewport);
    try {
      await page.goto(`${url}/sign-in?error=not_a_member`);
      await page.getByRole('alert').filter({ hasText: 'does not belong to an active Vagus or Ultra' }).waitFor();
      await capture(page, 'sign-in-email', viewport);
      await page.goto(`${url}/sign-in?step=code&email=${encodeURIComponent('jordan.lee@vagus.example')}`);
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await capture(page, 'sign-in-code', viewport);
      await page.goto(`${url}/dev/sign-in`);
      await page.getByRole('heading', { name: 'Coaches' }).waitFor();
      await capture(page, 'dev-sign-in', viewport);
    } finally {
      await page.context().close();
    }
  });

  it('asks a new client to onboard and points at what is missing', async () => {
    await t.db.user.create({
      data: {
        email: `new.${viewport}@vagus.example`,
        displayName: `New ${viewport}`,
        vagusSubscriptionStatus: 'active',
        skoolVagusEmail: `new.${viewport}@vagus.example`,
      },
    });
    const { page, url } = await openPage(viewport);
    try {
      await page.goto(`${url}/dev/sign-in`);
      await page.getByRole('button', { name: new RegExp(`Sign in as New ${viewport}`) }).click();
      await page.waitForURL(`${url}/onboarding`);
      // Every other page sends them back here until they are done.
      await page.goto(`${url}/settings`);
      await page.waitForURL(`${url}/onboarding`);
      await page.getByRole('button', { name: 'Continue to your dashboard' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
      await summary.waitFor();
      expect(await summary.evaluate((node) => node === document.activeElement)).toBe(true);
      const goals = page.getByRole('textbox', { name: 'What would you like to work on?' });
      expect(await goals.getAttribute('aria-invalid')).toBe('true');
      expect(
        await page.getByRole('radiogroup', { name: 'How are you feeling right now?' }).getAttribute('aria-invalid'),
      ).toBe('true');
      await capture(page, 'onboarding-errors', viewport);
      // The summary's links lead to the fields.
      await summary.getByRole('link', { name: /Tell us what you would like to work on/ }).click();
      expect(await goals.evaluate((node) => node === document.activeElement)).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('shows a client their dashboard and settings', async () => {
    const { page, url } = await openPage(viewport);
    try {
      await signInAs(page, url, 'Jordan Lee');
      await page.getByRole('heading', { name: 'Latest recap' }).waitFor();
      await capture(page, 'dashboard-client', viewport);
      await page.goto(`${url}/settings`);
      await page.getByRole('heading', { name: 'Active sessions' }).waitFor();
      await page.getByText('This device', { exact: true }).waitFor();
      expect(await page.getByRole('heading', { name: 'Coaching' }).count()).toBe(0);
      await capture(page, 'settings-client', viewport);
    } finally {
      await page.context().close();
    }
  });

  it('shows a coach their clients, coach settings and a client’s context', async () => {
    const { page, url } = await openPage(viewport);
    try {
      await signInAs(page, url, 'Maya Chen');
      const firstClient = page.getByRole('link', { name: /vagus\.example/ }).first();
      await firstClient.waitFor();
      await capture(page, 'dashboard-coach', viewport);
      if (viewport === 'phone') {
        await page.getByRole('button', { name: 'Open menu' }).click();
        await page.getByRole('link', { name: 'Settings', exact: true }).waitFor();
        await page.screenshot({ path: `${resultsDir}menu-phone.png` });
        await page.keyboard.press('Escape');
      } else {
        await page.getByRole('button', { name: /Account menu for Maya Chen/ }).click();
        await page.getByRole('link', { name: 'Settings', exact: true }).waitFor();
        await page.waitForTimeout(300); // the panel's pop-in animation
        await page.screenshot({ path: `${resultsDir}menu-desktop.png` });
        await page.keyboard.press('Escape');
        expect(await page.getByRole('link', { name: 'Settings', exact: true }).isVisible()).toBe(false);
      }
      await page.goto(`${url}/settings`);
      await page.getByRole('heading', { name: 'Coaching' }).waitFor();
      await capture(page, 'settings-coach', viewport);
      await page.goto(`${url}/clients`);
      await page
        .getByRole('link', { name: /vagus\.example/ })
        .first()
        .click();
      await page.getByRole('heading', { name: 'From onboarding' }).waitFor();
      await capture(page, 'client-context', viewport);
    } finally {
      await page.context().close();
    }
  });

  it('shows an admin the areas to come and every client', async () => {
    const { page, url } = await openPage(viewport);
    try {
      await signInAs(page, url, 'Alex Admin');
      await page.getByRole('heading', { name: 'Administration' }).waitFor();
      await page
        .getByRole('link', { name: /vagus\.example/ })
        .first()
        .waitFor();
      await capture(page, 'dashboard-admin', viewport);
      // The coach's read of a client's context (the test before) is in the audit log.
      await page.goto(`${url}/admin/audit`);
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      await page.getByLabel('What').selectOption('data.read');
      const read = page.getByRole('row').filter({ hasText: 'Maya Chen (coach)' }).first();
      await read.getByText('intake and context').waitFor();
      await capture(page, 'admin-audit-log', viewport);
    } finally {
      await page.context().close();
    }
  });
});

// A 1×1 PNG.
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('profile photo', () => {
  it('previews the chosen photo, uploads it and shows it in the header', async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Emma Wilson');
      await page.goto(`${url}/settings`);
      await page.getByLabel('Choose a photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: tinyPng });
      await page.getByRole('img', { name: 'Preview, not uploaded yet' }).waitFor();
      await page.getByRole('button', { name: 'Upload photo' }).click();
      await page.getByRole('status').filter({ hasText: 'Photo updated.' }).waitFor();

      const emma = await t.db.user.findFirstOrThrow({ where: { displayName: 'Emma Wilson' } });
      expect(emma.profilePhotoPath).toMatch(/^\/photos\/[0-9a-f]{32}\.webp$/);
      const headerPhoto = page.locator(`header button img[src="${emma.profilePhotoPath}"]`);
      await headerPhoto.waitFor();
      // Attached is not loaded: decode() waits for the image, and fails if it is broken.
      expect(await headerPhoto.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(1);
    } finally {
      await page.context().close();
    }
  });

  it('refuses a file that is not an image before uploading anything', async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, "Liam O'Connor");
      await page.goto(`${url}/settings`);
      const input = page.getByLabel('Choose a photo');
      await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await page.getByText('Choose a PNG, JPEG or WebP image').waitFor();
      expect(await input.getAttribute('aria-invalid')).toBe('true');

      // Named and typed as a PNG, but not one: no broken preview, and nothing to upload.
      const upload = page.getByRole('button', { name: 'Upload photo' });
      await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('<html>not a png') });
      await page.getByText('That file is not a picture this browser can open').waitFor();
      expect(await page.getByRole('img', { name: 'Preview, not uploaded yet' }).count()).toBe(0);
      expect(await upload.isDisabled()).toBe(true);
      expect(await input.getAttribute('aria-invalid')).toBe('true');

      // A real one after it clears the error and can be uploaded.
      await input.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: tinyPng });
      await page.getByRole('img', { name: 'Preview, not uploaded yet' }).waitFor();
      expect(await upload.isDisabled()).toBe(false);
      expect(await page.getByText('That file is not a picture').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});

describe('client context', () => {
  it('lets a coach add a fact and a preference, and saves them for the agent', async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Maya Chen');
      await page.getByRole('link', { name: /Jordan Lee/ }).click();
      await page.getByRole('heading', { name: 'Jordan Lee' }).waitFor();
      // The seed stored "sessionTime": people read it as words.
      const names = await page
        .getByRole('textbox', { name: /^Preference \d+$/ })
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
      expect(names).toContain('session time');
      expect(await page.locator('main').textContent()).not.toContain('sessionTime');
      // The last summary names whose session it was and when it ended.
      await page.getByText(/^From (your session|.+’s session) that ended .+\.$/).waitFor();

      await page.getByRole('button', { name: 'Add a fact' }).click();
      // The new, empty entry has focus: typing goes straight into it.
      await page.keyboard.type('Has a new puppy');
      await page.getByRole('button', { name: 'Add a preference' }).click();
      await page.keyboard.type('session length');
      await page
        .getByRole('combobox', { name: /Kind of answer to preference/ })
        .last()
        .selectOption('number');
      await page
        .getByRole('textbox', { name: /Answer to preference/ })
        .last()
        .fill('thirty');
      await page.getByRole('button', { name: 'Save context' }).click();

      // A value that is not a number is caught before saving, and the summary takes focus.
      const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
      await summary.waitFor();
      expect(await summary.evaluate((node) => node === document.activeElement)).toBe(true);
      await summary.getByRole('link', { name: /Enter a number/ }).click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('30');
      await page.getByRole('button', { name: 'Save context' }).click();
      await page.getByRole('status').filter({ hasText: 'Context saved' }).waitFor();

      const profile = await t.db.profile.findFirstOrThrow({ where: { user: { displayName: 'Jordan Lee' } } });
      const context = openContext(t.keys, profile.userId, profile.sealedContext);
      expect(context.clientFacts).toContain('Has a new puppy');
      expect(context.preferences).toMatchObject({ 'session length': 30, 'session time': expect.any(String) });
      expect(context.preferences).not.toHaveProperty('sessionTime');
    } finally {
      await page.context().close();
    }
  });
});

describe('signing out', () => {
  it('sends someone whose session ended elsewhere to the sign-in page at their next step', async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Marcus Brown');
      // The dashboard's own requests have all answered: only the next step's can notice.
      await page.waitForLoadState('networkidle');
      const marcus = await t.db.user.findFirstOrThrow({ where: { displayName: 'Marcus Brown' } });
      await t.db.userSession.updateMany({ where: { userId: marcus.id }, data: { isActive: false } });
      // A move inside the app: the page is already loaded, only its data requests notice. A
      // background poll (the bell, the inbox feed) may notice first and move the page away
      // under the click; either way the person must land on the sign-in page.
      const step = async () => {
        await page.getByRole('button', { name: /Account menu for Marcus Brown/ }).click({ timeout: 5000 });
        await page.getByRole('link', { name: 'Settings', exact: true }).click({ timeout: 5000 });
      };
      await step().catch(() => undefined);
      // Back to the page they were on or the one they were opening: hovering the link already
      // preloads it, and either request may be the first to notice.
      await page.waitForURL(/\/sign-in\?redirect=%2F(dashboard|settings)$/);
      await page.getByRole('heading', { name: 'Sign in to HybridCoach' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('ends the session from the header menu and shows the Sign in button again', async () => {
    const { page, url } = await openPage('desktop');
    try {
      await signInAs(page, url, 'Priya Sharma');
      await page.getByRole('button', { name: /Account menu for Priya Sharma/ }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${url}/`);
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      await page.goto(`${url}/dashboard`);
      await page.waitForURL(/\/sign-in\?redirect=/);
    } finally {
      await page.context().close();
    }
  });
});
