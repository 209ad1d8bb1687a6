import { TRPCClientError } from '@trpc/client';

/** The tRPC error code of a failed call, when the server answered at all. */
export function errorCode(err: unknown): string | undefined {
  if (!(err instanceof TRPCClientError)) return undefined;
  const data: unknown = err.data;
  return typeof data === 'object' && data !== null && 'code' in data && typeof data.code === 'string'
    ? data.code
    : undefined;
}

/**
 * The server understood the call and refused it, and asking again will not change that
 * (invalid input, unknown or cancelled session). Everything else — unreachable server,
 * database down, timeouts, a token being rotated — is worth retrying.
 */
export function isPermanent(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'BAD_REQUEST' || code === 'NOT_FOUND' || code === 'CONFLICT' || code === 'PARSE_ERROR';
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Exponential backoff with jitter, so that many rooms retrying together do not march in step. */
export class Backoff {
  private current: number;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {
    this.current = baseMs;
  }

  next(): number {
    const delay = this.current;
    this.current = Math.min(this.current * 2, this.maxMs);
    return Math.round(delay * (0.75 + Math.random() * 0.5));
  }

  reset(): void {
    this.current = this.baseMs;
  }
}

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class StoppedError extends Error {
  constructor() {
    super('stopped');
    this.name = 'StoppedError';
  }
}

/**
 * Calls `fn` until it succeeds, fails permanently (rethrown) or `signal` aborts (StoppedError).
 * `onRetry` sees each transient failure, for logs and counters.
 */
export async function retrying<T>(
  fn: () => Promise<T>,
  options: { backoff: Backoff; signal: AbortSignal; onRetry?: (err: unknown, delayMs: number) => void },
): Promise<T> {
  for (;;) {
    if (options.signal.aborted) throw new StoppedError();
    try {
      return await fn();
    } catch (err) {
      if (isPermanent(err)) throw err;
      const delay = options.backoff.next();
      options.onRetry?.(err, delay);
      await sleep(delay, options.signal);
    }
  }
}
