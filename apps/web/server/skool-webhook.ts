import {
  type AppSettings,
  DomainError,
  receiveSkoolWebhook,
  SKOOL_SIGNATURE_HEADER,
  SKOOL_TIMESTAMP_HEADER,
} from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import type { FastifyPluginAsync } from 'fastify';

/**
 * POST /webhooks/skool: one member's change, signed with HMAC-SHA256 over `${timestamp}.${body}`
 * (headers x-skool-timestamp, x-skool-signature: sha256=<hex>). Forged or stale → 401, malformed
 * → 400, a replayed event id → 409, each changing nothing; applied → 200. Without
 * SKOOL_WEBHOOK_SECRET the route answers 404: an unsigned membership feed is never accepted.
 * Refusals are DomainErrors; the server's one error handler gives them their status.
 */
export const skoolWebhookRoute: FastifyPluginAsync<{
  db: Db;
  logger: Logger;
  settings: AppSettings;
  now: () => Date;
}> = async (app, deps) => {
  // The signature covers the exact bytes, so the body must reach us unparsed.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/webhooks/skool', { bodyLimit: 64 * 1024 }, async (req) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    return receiveSkoolWebhook(
      deps.db,
      {
        rawBody: typeof req.body === 'string' ? req.body : '',
        signature: header(SKOOL_SIGNATURE_HEADER),
        timestamp: header(SKOOL_TIMESTAMP_HEADER),
      },
      deps.settings,
      deps.now(),
    ).catch((err: unknown) => {
      if (err instanceof DomainError) deps.logger.warn({ code: err.code, error: err.message }, 'Skool webhook refused');
      throw err;
    });
  });
};
