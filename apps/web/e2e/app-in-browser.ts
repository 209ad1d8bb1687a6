import { mkdir } from 'node:fs/promises';
import { seedDemoData } from '@hybridcoach/db/seed';
import type { TestDatabase } from '@hybridcoach/db/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../server/testing';
import { assertBuilt, devToolsStaticDir } from './app-server';
import { launchBrowser } from './browser';
import { openPage, resultsDir, type ViewportName } from './journey';

/**
 * For one test file: a real server on the real clock serving the build with the dev pages (its
 * settings make the seeded Alex Admin an admin), the demo world seeded into the file's database
 * unless `seed` is false, and one Chromium. `openPage` opens a fresh browser context on it.
 */
export function useAppInBrowser(t: TestDatabase, { seed = true }: { seed?: boolean } = {}) {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    assertBuilt(devToolsStaticDir, '`npm run build` in apps/web (it also runs `vite build --mode devtools`)');
    if (seed) await seedDemoData(t.db);
    server = await startTestServer({ db: t.db, staticDir: devToolsStaticDir });
    browser = await launchBrowser();
    await mkdir(resultsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const app = () => {
    if (!server || !browser) throw new Error('the server and browser start in beforeAll');
    return { url: server.url, browser };
  };
  return {
    app,
    openPage(viewport: ViewportName = 'desktop') {
      const { browser, url } = app();
      return openPage(browser, url, viewport);
    },
  };
}
