import { createLogger, type Env, type Logger, loadEnv } from '@hybridcoach/config';

/**
 * Runs a db:* script: parses the environment, logs failures as one clear line (the named
 * variable, the busy port, the failed migration) and sets the exit code.
 */
export async function runCli(
  name: string,
  main: (ctx: { env: Env; logger: Logger; args: string[] }) => Promise<number | undefined>,
): Promise<void> {
  const logger = createLogger(name);
  try {
    const env = loadEnv();
    process.exitCode = (await main({ env, logger, args: process.argv.slice(2) })) ?? 0;
  } catch (err) {
    logger.error({ err }, err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
