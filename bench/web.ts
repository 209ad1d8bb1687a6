// Web app delivery, as Chromium sees it: the built SPA (apps/web/dist, `npx vite build` first)
// served by the real web server over the demo seed. First visit of the landing page: bytes on the
// wire (all, and JavaScript), each response's encoding and caching; second visit: what the
// browser took from its cache without asking.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedDemoData } from '@hybridcoach/db/seed';
import { testKeys } from '@hybridcoach/db/testing';
import { startTestServer } from '@hybridcoach/web/testing';
import { launchBrowser } from '../apps/web/e2e/browser';
import { startBenchDatabase } from './database';
import { type BenchResult, log } from './lib';

const staticDir = fileURLToPath(new URL('../apps/web/dist', import.meta.url));

interface Seen {
  url: string;
  type: string;
  encoding: string | null;
  cacheControl: string | null;
  fromCache: boolean;
  /** Bytes on the wire: headers and (compressed) body. */
  transferred: number;
}

export async function webBench(): Promise<BenchResult> {
  if (!existsSync(`${staticDir}/index.html`)) throw new Error('Build the SPA first: npx vite build in apps/web');
  const bench = await startBenchDatabase(4);
  await seedDemoData(bench.db, { keys: testKeys });
  const server = await startTestServer({ db: bench.db, staticDir });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const pending = new Map<string, Seen>();
    let visit: Seen[] = [];
    const servedFromCache = new Set<string>();
    cdp.on('Network.requestServedFromCache', (e) => servedFromCache.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => {
      const header = (name: string) =>
        Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
      pending.set(e.requestId, {
        url: e.response.url.replace(server.url, ''),
        type: e.type,
        encoding: header('content-encoding'),
        cacheControl: header('cache-control'),
        fromCache: Boolean(e.response.fromDiskCache || servedFromCache.has(e.requestId)),
        transferred: 0,
      });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const seen = pending.get(e.requestId);
      if (!seen) return;
      seen.transferred = e.encodedDataLength;
      seen.fromCache ||= servedFromCache.has(e.requestId);
      visit.push(seen);
    });

    await page.goto(server.url, { waitUntil: 'networkidle' });
    const first = visit;
    visit = [];
    // A later visit: a new page load in the same browser profile.
    await page.goto(server.url, { waitUntil: 'networkidle' });
    const second = visit;
    // The app itself (every page but the signed-out landing page), first visit in a new browser.
    visit = [];
    const appContext = await browser.newContext();
    const appPage = await appContext.newPage();
    const appCdp = await appContext.newCDPSession(appPage);
    await appCdp.send('Network.enable');
    appCdp.on('Network.responseReceived', (e) =>
      pending.set(e.requestId, {
        url: e.response.url.replace(server.url, ''),
        type: e.type,
        encoding: null,
        cacheControl: null,
        fromCache: false,
        transferred: 0,
      }),
    );
    appCdp.on('Network.loadingFinished', (e) => {
      const seen = pending.get(e.requestId);
      if (!seen) return;
      seen.transferred = e.encodedDataLength;
      visit.push(seen);
    });
    await appPage.goto(`${server.url}/sign-in`, { waitUntil: 'networkidle' });
    const appScripts = visit.filter((s) => s.type === 'Script');
    await appContext.close();

    const sum = (list: Seen[]) => list.reduce((n, s) => n + s.transferred, 0);
    const scripts = first.filter((s) => s.type === 'Script');
    const hashed = first.filter((s) => s.url.startsWith('/assets/'));
    const kB = (bytes: number) => Math.round((bytes / 1000) * 10) / 10;
    log('first visit', { responses: first });
    log('second visit', { responses: second });
    const allHashedCompressedAndImmutable = hashed.every(
      (s) => (s.encoding === 'br' || s.encoding === 'gzip') && s.cacheControl?.includes('immutable'),
    );
    const secondHashed = second.filter((s) => s.url.startsWith('/assets/'));
    const hashedFromCacheOnSecondVisit =
      secondHashed.length === hashed.length && secondHashed.every((s) => s.fromCache && s.transferred === 0);
    return {
      suite: 'web',
      metrics: {
        landingInitialJsKB: {
          value: kB(sum(scripts)),
          unit: 'kB',
          note: `JavaScript on the wire on a first visit of the landing page (${scripts.length} files, ${scripts.map((s) => s.encoding).join('/')}), headers included; target ≤ 110`,
        },
        appInitialJsKB: {
          value: kB(sum(appScripts)),
          unit: 'kB',
          note: `for comparison, the app (here /sign-in, first visit): JavaScript on the wire, ${appScripts.length} files with the sign-in page's own chunks; the landing page is served without the router to a browser without a session`,
        },
        landingFirstLoadKB: {
          value: kB(sum(first)),
          unit: 'kB',
          note: `everything on the wire on a first visit (${first.length} responses: HTML, JS, CSS, tRPC, photos); target ≤ 160`,
        },
        landingSecondVisitKB: {
          value: kB(sum(second)),
          unit: 'kB',
          note: `a later visit in the same browser (${second.filter((s) => s.fromCache).length} of ${second.length} responses from its cache)`,
        },
        hashedAssetsCompressedAndImmutable: {
          value: allHashedCompressedAndImmutable ? 1 : 0,
          unit: 'bool',
          note: hashed.map((s) => `${s.url} ${s.encoding} "${s.cacheControl}"`).join('; '),
        },
        hashedAssetsFromCacheOnSecondVisit: {
          value: hashedFromCacheOnSecondVisit ? 1 : 0,
          unit: 'bool',
          note: `${secondHashed.filter((s) => s.fromCache).length} of ${hashed.length} hashed files taken from the browser's cache without a request`,
        },
        indexHtmlCacheControl: {
          value: first.find((s) => s.type === 'Document')?.cacheControl === 'no-cache' ? 1 : 0,
          unit: 'bool',
          note: `the landing page (/): ${first.find((s) => s.type === 'Document')?.encoding} "${first.find((s) => s.type === 'Document')?.cacheControl}"`,
        },
      },
    };
  } finally {
    await browser.close();
    await server.close();
    await bench.close();
  }
}
