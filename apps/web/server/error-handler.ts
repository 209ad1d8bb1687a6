import { DomainError, httpStatusOf, translateDatabaseError } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one mapping from the domain to HTTP for every Fastify route that is not tRPC (webhooks,
 * feeds, OAuth callbacks): a DomainError (or a database rule meaning "taken") answers with its
 * status and message; Fastify's own 4xx refusals (body too large, bad content type) keep theirs;
 * anything else is logged once with its context and answered 500 without internals.
 */
export function httpErrorHandler(logger: Logger) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const domain = translateDatabaseError(err);
    if (domain instanceof DomainError) return reply.code(httpStatusOf(domain)).send({ error: domain.message });
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
      return reply.code(err.statusCode).send({ error: err.message });
    logger.error({ err, method: req.method, url: req.url, requestId: req.id }, 'request failed');
    return reply.code(500).send({ error: 'Something went wrong on our side. It has been logged.' });
  };
}
