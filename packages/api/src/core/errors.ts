import { TRPCError } from '@trpc/server';

/** Field → messages, from a zod (or other Standard Schema) validation failure. */
export type FieldErrors = Record<string, string[]>;

interface IssueLike {
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[];
}

export function fieldErrorsOf(cause: unknown): FieldErrors | null {
  const issues = (cause as { issues?: unknown })?.issues;
  if (!Array.isArray(issues)) return null;
  const out: FieldErrors = {};
  for (const issue of issues as IssueLike[]) {
    const key =
      (issue.path ?? [])
        .map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p)))
        .join('.') || '(input)';
    out[key] = [...(out[key] ?? []), issue.message];
  }
  return out;
}

const POSTGRES_CODE = /\b(23P01|23505|23514|23503)\b/;

/** The SQLSTATE behind a Prisma error, wherever the driver adapter put it. */
function sqlState(err: unknown): string | null {
  const e = err as {
    code?: unknown;
    meta?: Record<string, unknown>;
    message?: unknown;
    cause?: unknown;
  };
  if (e?.code === 'P2002') return '23505';
  if (e?.code === 'P2003') return '23503';
  // A conditional update found nothing to change: someone else changed the row first.
  if (e?.code === 'P2025') return 'P2025';
  const text = [e?.message, JSON.stringify(e?.meta ?? {}), (e?.cause as { message?: unknown })?.message]
    .filter(Boolean)
    .join(' ');
  if (/exclusion constraint|conflicting key value violates exclusion/i.test(text)) return '23P01';
  if (/check constraint/i.test(text)) return '23514';
  if (/unique constraint/i.test(text)) return '23505';
  return text.match(POSTGRES_CODE)?.[1] ?? null;
}

/**
 * The one place where a database rule that means "taken" or "not allowed" becomes the right
 * tRPC error. Everything else is rethrown unchanged (and logged once as INTERNAL_SERVER_ERROR).
 */
export function translateDatabaseError(err: unknown): unknown {
  if (err instanceof TRPCError) return err;
  switch (sqlState(err)) {
    case '23P01':
      return new TRPCError({
        code: 'CONFLICT',
        message: 'That time is no longer free: it overlaps another live appointment.',
        cause: err,
      });
    case '23505':
      return new TRPCError({ code: 'CONFLICT', message: 'That already exists.', cause: err });
    case '23514':
      return new TRPCError({
        code: 'BAD_REQUEST',
        message: 'The data breaks a rule of the database (a value out of range).',
        cause: err,
      });
    case 'P2025':
      return new TRPCError({ code: 'CONFLICT', message: 'This changed meanwhile. Reload and try again.', cause: err });
    case '23503':
      return new TRPCError({
        code: 'BAD_REQUEST',
        message: 'That refers to something that does not exist.',
        cause: err,
      });
    default:
      return err;
  }
}
