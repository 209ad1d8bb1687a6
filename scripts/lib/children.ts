import { type ChildProcess, spawn } from 'node:child_process';
import type { Logger } from '@hybridcoach/config';

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts one app process; its structured logs go straight to our stdout/stderr. */
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Child {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, process: child, exited };
}

/** SIGTERM to each child, SIGKILL after `graceMs` for any that hang. */
export async function stopChildren(children: Child[], logger: Logger, graceMs = 10_000): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return;
      child.process.kill('SIGTERM');
      const timer = setTimeout(() => {
        logger.warn({ child: child.name }, 'did not stop in time; killing it');
        child.process.kill('SIGKILL');
      }, graceMs);
      await child.exited;
      clearTimeout(timer);
    }),
  );
}

/** Polls `url` until it answers 200, the child dies, or `timeoutMs` passes. */
export async function waitUntilHealthy(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${child.name} exited before it became healthy`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${child.name} was not healthy at ${url} within ${timeoutMs} ms`);
}
