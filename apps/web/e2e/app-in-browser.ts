import { mkdir } from 'node:fs/promises';
import type { AppSettings } from '@hybridcoach/api';
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
 * `settings` (read when the server starts) adds configuration, e.g. a stand-in's address; links
 * the server hands out then point at the server itself.
 */
export function useAppInBrowser(
  t: TestDatabase,
  {
    seed = true,
    settings,
    agentToken,
  }: {
    seed?: boolean;
    settings?: () => Partial<AppSettings>;
    /**
     * An agent may call with this token, and the server has its own LISTEN connection as a real
     * process does, so that a room's live feed reaches the browsers by NOTIFY.
     */
    agentToken?: string;
  } = {},
) {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    assertBuilt(devToolsStaticDir, '`npm run build` in apps/web (it also runs `vite build --mode devtools`)');
    if (seed) await seedDemoData(t.db, { keys: t.keys });
    server = await startTestServer({
      db: t.db,
      staticDir: devToolsStaticDir,
      settings: settings?.(),
      ownPublicUrl: settings !== undefined,
      ...(agentToken ? { serviceTokens: { agent: agentToken }, databaseUrl: t.url } : {}),
    });
    browser = await launchBrowser();
    await mkdir(resultsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const app = () => {
    if (!server || !browser) throw new Error('the server and browser start in beforeAll');
    return { url: server.url, browser, server };
  };
  return {
    app,
    openPage(viewport: ViewportName = 'desktop') {
      const { browser, url } = app();
      return openPage(browser, url, viewport);
    },
  };
}
