import type { Logger } from '@hybridcoach/config';

/**
 * Runs `tick` every `intervalSeconds`, one at a time (a slow tick is not overlapped), logging a
 * failure instead of stopping. For work the web server records in rows and the worker turns
 * into pg-boss jobs (it has no pg-boss of its own).
 */
export function startPoller(deps: {
  tick: () => Promise<void>;
  intervalSeconds: number;
  logger: Logger;
  what: string;
}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return; // the previous tick is still at it
    running = deps
      .tick()
      .catch((err: unknown) => deps.logger.error({ err }, `could not queue ${deps.what}`))
      .finally(() => {
        running = null;
      });
  }, deps.intervalSeconds * 1000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
