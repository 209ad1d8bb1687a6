import { TRPCClientError } from '@trpc/client';

const NETWORK_FAILURE = /failed to fetch|networkerror|load failed|network request failed/i;

/** The message a person should see for a failed request or render. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError || error instanceof Error) {
    // Browsers word a dropped connection differently; say what it means instead.
    if (NETWORK_FAILURE.test(error.message)) {
      return 'Could not reach HybridCoach. Check your connection and try again.';
    }
    if (error.message) return error.message;
  }
  return 'Something went wrong. Please try again.';
}

/** HTTP status of a tRPC error, when the server sent one. */
export function errorHttpStatus(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data === 'object' && data !== null && 'httpStatus' in data) {
    return typeof data.httpStatus === 'number' ? data.httpStatus : null;
  }
  return null;
}

/**
 * Whether asking again could give another answer: a dropped connection, a server failure, a
 * timeout or a rate limit can; a missing thing, a refusal or a bad request cannot, so pages
 * offer no "Try again" for those.
 */
export function isRetryable(error: unknown): boolean {
  const status = errorHttpStatus(error);
  if (status === null) return true;
  return status >= 500 || status === 408 || status === 429;
}
