import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-root';

/** The production bundles `npm run start:web` / `start:worker` run (turbo builds them before tests). */
export const APP_BUNDLES = {
  web: 'apps/web/dist-server/main.js',
  worker: 'apps/worker/dist/main.js',
} as const;

export interface AppProcess {
  name: string;
  /** Base URL of its HTTP port (the web server's, or the worker's health port). */
  url: string;
  /** Everything it logged, for a failing test to show. */
  output(): string;
  /** SIGKILL: gone mid-request, as a crashed machine would be. */
  kill(): Promise<void>;
  /** SIGTERM: its graceful drain. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Polls `${url}/readyz` until it answers 200; throws when `alive()` turns false or time runs out. */
export async function waitUntilReady(
  url: string,
  options: { name: string; alive: () => boolean; timeoutMs?: number; output?: () => string },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const details = () => (options.output ? `:\n${options.output()}` : '');
  for (;;) {
    if (!options.alive()) throw new Error(`${options.name} exited before it was ready${details()}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${options.name} was not ready at ${url}/readyz in time${details()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Runs a built app bundle as its own process with only `env` (on top of PATH), its output
 * kept, and waits until `/readyz` on `port` answers 200 (tests, benchmarks).
 */
export async function startAppProcess(
  name: string,
  bundle: keyof typeof APP_BUNDLES,
  env: Record<string, string>,
  port: number,
  timeoutMs = 20_000,
): Promise<AppProcess> {
  const entry = path.join(repoRoot, APP_BUNDLES[bundle]);
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: build it first (npx turbo run build --filter=@hybridcoach/${bundle})`);
  }
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: path.dirname(path.dirname(entry)),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, { name, alive: () => child.exitCode === null, timeoutMs, output: () => log });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const signal = (s: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(s);
    return exited;
  };
  return {
    name,
    url,
    output: () => log,
    kill: async () => {
      await signal('SIGKILL');
    },
    stop: () => signal('SIGTERM'),
  };
}
