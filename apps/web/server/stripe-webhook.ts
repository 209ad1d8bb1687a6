import {
  type AppSettings,
  DomainError,
  type Mailer,
  type PaymentProvider,
  receiveStripeWebhook,
  STRIPE_SIGNATURE_HEADER,
} from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import type { FastifyPluginAsync } from 'fastify';

/**
 * POST /webhooks/stripe: Stripe's events about tips, verified by the SDK against the raw body
 * (`Stripe-Signature`). Forged, stale or unsigned → 401, malformed → 400, each changing nothing;
 * recorded and applied (or a duplicate, or not ours) → 200, so Stripe stops retrying. Without
 * Stripe configured the route answers 404. Refusals are DomainErrors; the server's one error
 * handler gives them their status.
 */
export const stripeWebhookRoute: FastifyPluginAsync<{
  db: Db;
  logger: Logger;
  settings: AppSettings;
  mailer: Mailer;
  payments: PaymentProvider | null;
  now: () => Date;
}> = async (app, deps) => {
  // The signature covers the exact bytes, so the body must reach us unparsed.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/webhooks/stripe', { bodyLimit: 512 * 1024 }, async (req) => {
    const signature = req.headers[STRIPE_SIGNATURE_HEADER];
    return receiveStripeWebhook(deps, {
      rawBody: typeof req.body === 'string' ? req.body : '',
      signature: Array.isArray(signature) ? signature[0] : signature,
    }).catch((err: unknown) => {
      if (err instanceof DomainError)
        deps.logger.warn({ code: err.code, error: err.message }, 'Stripe webhook refused');
      throw err;
    });
  });
};
