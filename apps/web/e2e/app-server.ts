import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '@hybridcoach/db';
import { startTestServer } from '../server/testing';

/** The SPA as `vite build` writes it; turbo's `build` runs before `test`. */
export const staticDir = fileURLToPath(new URL('../dist', import.meta.url));

/** The same SPA with the development pages (dev sign-in, dev mailbox): `vite build --mode devtools`. */
export const devToolsStaticDir = fileURLToPath(new URL('../dist-devtools', import.meta.url));

/** Throws a message that says how to build, when a built SPA is missing. */
export function assertBuilt(dir: string, how: string): void {
  if (!existsSync(`${dir}/index.html`)) {
    throw new Error(`The built SPA is missing (${dir}/index.html). Build it first: ${how}.`);
  }
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** The real web server (tRPC + the built SPA) on a free loopback port, over the given database. */
export async function startAppServer(db: Db): Promise<RunningApp> {
  assertBuilt(staticDir, '`npm run build --workspace @hybridcoach/web` (or `npx vite build` in apps/web)');
  const server = await startTestServer({ db, staticDir });
  return { url: server.url, close: server.close };
}
