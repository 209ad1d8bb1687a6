import { type AppSettings, applyLivekitWebhook, webhookReceiver } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import type { FastifyPluginAsync } from 'fastify';

/**
 * POST /webhooks/livekit: the signature (a JWT over the body's SHA-256) is verified with the
 * SDK's WebhookReceiver against the raw body; forged deliveries get 401, replays change nothing.
 */
export const livekitWebhookRoute: FastifyPluginAsync<{
  db: Db;
  logger: Logger;
  settings: AppSettings;
  now: () => Date;
}> = async (app, deps) => {
  // The signature covers the exact bytes, so the body must reach us unparsed.
  app.addContentTypeParser(
    ['application/webhook+json', 'application/json'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  app.post('/webhooks/livekit', async (req, reply) => {
    if (!deps.settings.livekit) return reply.code(404).send({ error: 'LiveKit is not configured' });
    let event: Awaited<ReturnType<ReturnType<typeof webhookReceiver>['receive']>>;
    try {
      event = await webhookReceiver(deps.settings.livekit).receive(String(req.body ?? ''), req.headers.authorization);
    } catch (err) {
      deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'LiveKit webhook refused: bad signature',
      );
      return reply.code(401).send({ error: 'invalid signature' });
    }
    const outcome = await applyLivekitWebhook(deps.db, event, deps.now());
    if (outcome === 'stale') return reply.code(400).send({ error: 'stale event' });
    return reply.send({ outcome });
  });
};
