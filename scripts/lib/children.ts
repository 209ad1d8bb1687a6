import { type ChildProcess, spawn } from 'node:child_process';
import { type Logger, waitUntilReady } from '@hybridcoach/config';

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

/** Waits until the child's `/readyz` at `baseUrl` answers 200; throws if it dies first. */
export async function waitUntilHealthy(baseUrl: string, child: Child, timeoutMs = 60_000): Promise<void> {
  let dead = false;
  void child.exited.then(() => {
    dead = true;
  });
  await waitUntilReady(baseUrl, { name: child.name, alive: () => !dead, timeoutMs });
}
