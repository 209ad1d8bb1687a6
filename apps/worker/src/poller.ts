import type { Logger } from '@hybridcoach/config';

/**
 * Runs `tick` every `intervalSeconds`, never two at once (a slow tick makes the next one skip);
 * a failing tick is logged and the next one tries again.
 */
export function startPoller(options: {
  intervalSeconds: number;
  tick: () => Promise<void>;
  logger: Logger;
  failure: string;
}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = options
      .tick()
      .catch((err: unknown) => options.logger.error({ err }, options.failure))
      .finally(() => {
        running = null;
      });
  }, options.intervalSeconds * 1000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
