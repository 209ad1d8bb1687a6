import { TRPCClientError } from '@trpc/client';

/** The tRPC error code of a failed call ("CONFLICT", "FORBIDDEN"…), when the server sent one. */
export function errorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data === 'object' && data !== null && 'code' in data && typeof data.code === 'string') return data.code;
  return null;
}
