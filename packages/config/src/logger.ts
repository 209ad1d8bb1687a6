import pino, { type Logger } from 'pino';

export type { Logger };

/** One structured (JSON) logger per process; `name` says which app wrote the line. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { app: name }, timestamp: pino.stdTimeFunctions.isoTime });
}
