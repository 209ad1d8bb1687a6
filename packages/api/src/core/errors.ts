/** Field → messages, from a zod (or other Standard Schema) validation failure. */
export type FieldErrors = Record<string, string[]>;

/**
 * What went wrong, in the domain's words: the code says which kind of refusal it is, the message
 * is one a person can act on, and `field` (or `fields`) points a form at what to fix. Domain code
 * throws only this; the API maps it once to a tRPC code (core/trpc.ts) and the Fastify routes
 * once to an HTTP status (`httpStatusOf`).
 */
export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly fields: FieldErrors | null;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options: { field?: string; fields?: FieldErrors; cause?: unknown } = {},
  ) {
    // A field's message reads "to: is in the past" on its own, and "is in the past" under the field.
    super(options.field ? `${options.field}: ${message}` : message, { cause: options.cause });
    this.fields = options.fields ?? (options.field ? { [options.field]: [message] } : null);
  }
}

const HTTP_STATUS: Record<DomainErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/** The HTTP status of a domain error, for routes that are not tRPC (webhooks, feeds). */
export function httpStatusOf(error: DomainError): number {
  return HTTP_STATUS[error.code];
}

interface IssueLike {
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[];
}

/** Field → messages of a domain error with fields, or of a zod (Standard Schema) failure. */
export function fieldErrorsOf(cause: unknown): FieldErrors | null {
  if (cause instanceof DomainError) return cause.fields;
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
 * The one place where a database rule that means "taken" or "not allowed" becomes a domain
 * error. Everything else is returned unchanged (and logged once as an internal error).
 */
export function translateDatabaseError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  switch (sqlState(err)) {
    case '23P01':
      return new DomainError('CONFLICT', 'That time is no longer free: it overlaps another live appointment.', {
        cause: err,
      });
    case '23505':
      return new DomainError('CONFLICT', 'That already exists.', { cause: err });
    case '23514':
      return new DomainError('BAD_REQUEST', 'The data breaks a rule of the database (a value out of range).', {
        cause: err,
      });
    case 'P2025':
      return new DomainError('CONFLICT', 'This changed meanwhile. Reload and try again.', { cause: err });
    case '23503':
      return new DomainError('BAD_REQUEST', 'That refers to something that does not exist.', { cause: err });
    default:
      return err;
  }
}
