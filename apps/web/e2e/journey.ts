import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { viewports } from './browser';

export type ViewportName = keyof typeof viewports;

export const resultsDir = fileURLToPath(new URL('../test-results/', import.meta.url));

/**
 * A fresh browser context, as a member whose device is in Lisbon: pages must still show times
 * in the member's saved zone.
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: ViewportName = 'desktop',
): Promise<{ page: Page; url: string }> {
  const context = await browser.newContext({
    viewport: viewports[viewport],
    locale: 'en-GB',
    timezoneId: 'Europe/Lisbon',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // Every journey runs under the server's Content-Security-Policy; what it blocks is a failure.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.get(page)?.push(message.text());
  });
  blocked.set(page, []);
  return { page, url };
}

const blocked = new WeakMap<Page, string[]>();

/** What the Content-Security-Policy refused on this page so far (nothing, when all is well). */
export function cspViolations(page: Page): string[] {
  return blocked.get(page) ?? [];
}

/** Signs in through the development sign-in page, as a real developer would. */
export async function signInAs(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/dev/sign-in`);
  await page.getByRole('button', { name: new RegExp(`Sign in as ${name}`) }).click();
  await page.waitForURL(`${url}/dashboard`);
  await page.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();
}

/** Saves a full-page screenshot and checks that nothing makes the page scroll sideways. */
export async function capture(page: Page, name: string, viewport: ViewportName = 'desktop'): Promise<void> {
  await page.waitForLoadState('networkidle');
  const refused = cspViolations(page);
  if (refused.length > 0) throw new Error(`the Content-Security-Policy refused: ${refused.join(' | ')}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${resultsDir}${name}-${viewport}.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways on ${viewport}`).toBeLessThanOrEqual(0);
}

/**
 * `capture` for pages that hold a live stream open (rooms: the network never goes idle): saves
 * `name`.png as the page is now and checks that nothing makes it scroll sideways.
 */
export async function captureLive(page: Page, name: string): Promise<void> {
  const refused = cspViolations(page);
  if (refused.length > 0) throw new Error(`the Content-Security-Policy refused: ${refused.join(' | ')}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${resultsDir}${name}.png`, fullPage: true });
  const { overflow, culprits } = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    culprits: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .slice(0, 5)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') ?? ''}">`),
  }));
  expect(overflow, `${name} scrolls sideways (${culprits.join(', ')})`).toBeLessThanOrEqual(0);
}
