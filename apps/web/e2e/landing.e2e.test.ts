import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { seedDemoData } from '@hybridcoach/db/seed';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startAppServer } from './app-server';
import { launchBrowser, viewports } from './browser';

const resultsDir = fileURLToPath(new URL('../test-results/', import.meta.url));
const t = useTestDatabase();
let app: RunningApp | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  await seedDemoData(t.db, { keys: t.keys });
  app = await startAppServer(t.db);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function openLanding(): Promise<Page> {
  if (!browser || !app) throw new Error('the server and browser start in beforeAll');
  const context = await browser.newContext({ viewport: viewports.desktop, locale: 'en-US' });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.goto(app.url);
  return page;
}

/** What the server's Content-Security-Policy refused in the browser. */
const refused: string[] = [];

describe('landing page', () => {
  it('shows the seeded coaches and live platform numbers from the real server', async () => {
    const page = await openLanding();
    try {
      const coaches = page.getByRole('region', { name: 'Meet the coaches' });
      for (const name of ['Coach Maya', 'Coach Tomás', 'Coach Aisha']) {
        await coaches.getByRole('heading', { name }).waitFor();
      }
      // Photos come from the SPA's public/avatars, served by the same server.
      const photo = coaches.locator('img[src="/avatars/maya.svg"]');
      await photo.waitFor();
      expect(
        await photo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
      ).toBeGreaterThan(0);

      const completed = await t.db.appointment.count({ where: { status: 'completed' } });
      expect(completed).toBeGreaterThan(0);
      const stat = page
        .getByRole('region', { name: 'HybridCoach so far' })
        .locator('div', { has: page.locator('dt', { hasText: 'Sessions completed' }) })
        .locator('dd');
      await stat.waitFor();
      expect(await stat.textContent()).toBe(String(completed));

      await mkdir(resultsDir, { recursive: true });
      await page.screenshot({ path: `${resultsDir}landing.png`, fullPage: true });

      // Served under a strict Content-Security-Policy, and the hashed theme script still ran.
      const response = await page.request.get(app?.url ?? '');
      expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'sha256-");
      expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toBe('light');
      expect(refused).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows a not-found page inside the app shell for an unknown path', async () => {
    const page = await openLanding();
    try {
      await page.goto(`${app?.url}/no-such-page`);
      await page.getByRole('heading', { name: 'We couldn’t find that page' }).waitFor();
      expect(await page.getByRole('link', { name: 'HybridCoach' }).count()).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});
