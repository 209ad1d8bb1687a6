import type { Role } from '@hybridcoach/db';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Context } from './context';
import { DomainError, fieldErrorsOf, translateDatabaseError } from './errors';
import { hostileInputProblems } from './hostile-input';
import { observeDeliveries } from './metrics';
import type { Principal, ServiceName, UserPrincipal } from './principal';
import { wireTransformer } from './wire-transformer';

const t = initTRPC.context<Context>().create({
  transformer: wireTransformer,
  errorFormatter({ shape, error }) {
    const fieldErrors = error.code === 'BAD_REQUEST' ? fieldErrorsOf(error.cause) : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      // Internals (SQL, stack traces) never leave the server; they are logged once instead.
      message: internal
        ? 'Something went wrong on our side. It has been logged.'
        : fieldErrors && !(error.cause instanceof DomainError)
          ? invalidInputMessage(fieldErrors)
          : shape.message,
      data: { ...shape.data, stack: undefined, fieldErrors },
    };
  },
});

function invalidInputMessage(fieldErrors: Record<string, string[]>): string {
  return `Invalid input: ${Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
    .join('; ')}`;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * The one mapping from the domain to tRPC: a thrown DomainError (or a database rule that means
 * "taken"/"not allowed") becomes the tRPC error of the same code, its fields kept for forms.
 */
const domainErrors = t.middleware(async ({ type, next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const mapped = asTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  // A subscription fails while it streams, after this middleware has returned: map those too.
  if (result.ok && type === 'subscription' && isAsyncIterable(result.data))
    return { ...result, data: mapStreamErrors(result.data) };
  return result;
});

function asTRPCError(cause: unknown): TRPCError | null {
  const translated = translateDatabaseError(cause);
  return translated instanceof DomainError
    ? new TRPCError({ code: translated.code, message: translated.message, cause: translated })
    : null;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function* mapStreamErrors<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (err) {
    throw asTRPCError(err) ?? err;
  }
}

/**
 * Browsers attach our cookie to any site's POST; a mutation whose Origin is not ours is refused
 * (Lucia's CSRF rule). Services authenticate with bearer tokens, which no page can send.
 */
const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.http && ctx.principal.kind !== 'service' && !ctx.http.originTrusted) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-origin request refused.' });
  }
  return next();
});

/** Input no schema should have to think of (NUL bytes, lone surrogates, out-of-range numbers and dates). */
const hostileInput = t.middleware(async ({ getRawInput, next }) => {
  const problems = hostileInputProblems(await getRawInput());
  if (problems) throw new DomainError('BAD_REQUEST', invalidInputMessage(problems), { fields: problems });
  return next();
});

/**
 * Rate, latency and outcome of every query and mutation; for subscriptions, the delivery lag
 * of each event. Outermost, so it sees the error callers get (after translation).
 */
const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const metrics = ctx.metrics;
  if (!metrics) return next();
  const started = performance.now();
  const result = await next();
  if (type === 'subscription') {
    if (result.ok && isAsyncIterable(result.data)) {
      return { ...result, data: observeDeliveries(result.data, path, metrics) };
    }
    return result;
  }
  metrics.call(path, type, result.ok ? 'ok' : result.error.code, (performance.now() - started) / 1000);
  return result;
});

export const publicProcedure = t.procedure.use(observed).use(domainErrors).use(sameOriginMutations).use(hostileInput);

type ServicePrincipal = Extract<Principal, { kind: 'service' }>;

/** Signed-in users only; `ctx.user` is the caller. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.principal.kind !== 'user') {
    throw new TRPCError({
      code: ctx.principal.kind === 'service' ? 'FORBIDDEN' : 'UNAUTHORIZED',
      message: ctx.principal.kind === 'service' ? 'Services cannot call user procedures.' : 'Sign in first.',
    });
  }
  return next({ ctx: { ...ctx, user: ctx.principal as UserPrincipal } });
});

/** Signed-in users holding one of `roles`. */
export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `Only ${roles.join(' or ')} accounts can do this.`,
      });
    }
    return next();
  });
}

/** Service principals (agent, worker) only, and only the ones named. */
export function serviceProcedure(...services: ServiceName[]) {
  return publicProcedure.use(({ ctx, next }) => {
    if (ctx.principal.kind !== 'service') {
      throw new TRPCError({
        code: ctx.principal.kind === 'user' ? 'FORBIDDEN' : 'UNAUTHORIZED',
        message: 'This procedure is for HybridCoach services only.',
      });
    }
    if (!services.includes(ctx.principal.service)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `The ${ctx.principal.service} service cannot call this procedure.`,
      });
    }
    return next({ ctx: { ...ctx, service: ctx.principal as ServicePrincipal } });
  });
}
