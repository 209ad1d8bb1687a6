import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { isRetryable } from './error-message';

function trpcError(httpStatus: number, code: string) {
  return new TRPCClientError('no', {
    result: { error: { message: 'no', code: -32600, data: { code, httpStatus } } },
  } as never);
}

describe('isRetryable: whether a page offers "Try again"', () => {
  it('not for a missing thing, a refusal or a bad request: asking again gives the same answer', () => {
    expect(isRetryable(trpcError(404, 'NOT_FOUND'))).toBe(false);
    expect(isRetryable(trpcError(403, 'FORBIDDEN'))).toBe(false);
    expect(isRetryable(trpcError(400, 'BAD_REQUEST'))).toBe(false);
    expect(isRetryable(trpcError(409, 'CONFLICT'))).toBe(false);
  });

  it('for a server failure, a timeout, a rate limit or a dropped connection', () => {
    expect(isRetryable(trpcError(500, 'INTERNAL_SERVER_ERROR'))).toBe(true);
    expect(isRetryable(trpcError(503, 'SERVICE_UNAVAILABLE'))).toBe(true);
    expect(isRetryable(trpcError(429, 'TOO_MANY_REQUESTS'))).toBe(true);
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true);
  });
});
