import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import {
  type ApiMetrics,
  type AppRouter,
  type AppSettings,
  appRouter,
  calendarFeed,
  checkHealth,
  createContext,
  createStripeProvider,
  type Mailer,
  resolvePrincipal,
  SESSION_COOKIE,
  type ServiceTokens,
  type SessionEventBus,
} from '@hybridcoach/api';
import { Gauge, type Logger, metricsAllowed, type Registry } from '@hybridcoach/config';
import type { Db, KeyRing } from '@hybridcoach/db';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { LogController } from 'fastify';
import { httpErrorHandler } from './error-handler';
import { exportDownloadRoute } from './export-download';
import { googleRoutes } from './google-routes';
import { httpExchange } from './http-exchange';
import { LiveStreams } from './live-streams';
import { livekitWebhookRoute } from './livekit-webhook';
import { photoRoute } from './photo-route';
import { relayEndpoint } from './relay/relay-route';
import { registerSecurityHeaders } from './security-headers';
import { skoolWebhookRoute } from './skool-webhook';
import { stripeWebhookRoute } from './stripe-webhook';

export interface ServerOptions {
  db: Db;
  logger: Logger;
  settings: AppSettings;
  /** The key ring that seals health data and exports (ENCRYPTION_KEYS or the key file). */
  keys: KeyRing;
  mailer: Mailer;
  serviceTokens: ServiceTokens;
  /** The built SPA (production); null in development, where Vite serves it. */
  staticDir: string | null;
  now?: () => Date;
  /** Live session events for this process's subscribers (LISTEN/NOTIFY). */
  events?: SessionEventBus | null;
  /** Prometheus: the process's registry and the tRPC layer's metrics on it (null: none). */
  metrics?: { registry: Registry; api: ApiMetrics } | null;
  /** METRICS_TOKEN: without it, /metrics is not served on this (public) port. */
  metricsToken?: string;
}

/**
 * Built files under assets/ have a content hash in their name: they never change, so browsers
 * keep them for a year without asking. Everything else (index.html) is revalidated every time,
 * so a deploy is seen at once.
 */
function spaCacheControl(staticDir: string, filePath: string): string {
  return path.relative(staticDir, filePath).startsWith(`assets${path.sep}`)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

export async function buildServer(options: ServerOptions) {
  const { db, logger, settings, keys, mailer, serviceTokens, staticDir } = options;
  const now = options.now ?? (() => new Date());
  const events = options.events ?? null;
  // One Stripe client per server; null keeps tips as pledges.
  const payments = settings.stripe ? createStripeProvider(settings.stripe) : null;
  const metrics = options.metrics ?? null;
  const app = Fastify({
    loggerInstance: logger,
    // Batched tRPC GETs carry every procedure name in the path.
    routerOptions: { maxParamLength: 5000 },
    // Per-request lines would drown the structured logs; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    // Photos arrive base64 in a tRPC body (2 MiB of image).
    bodyLimit: 4 * 1024 * 1024,
  });
  app.setErrorHandler(httpErrorHandler(logger));
  await registerSecurityHeaders(app, settings, staticDir);
  await app.register(fastifyCookie);

  const streams = new LiveStreams();
  app.addHook('onRequest', streams.track);
  let draining = false;
  // fastify.close(): stop accepting, then let requests finish; open streams never would.
  app.addHook('preClose', async () => {
    draining = true;
    const cut = streams.endAll();
    if (cut > 0) logger.info({ streams: cut }, 'draining: live streams closed; browsers reconnect elsewhere');
  });
  // Browsers' microphones to the agent in peer-to-peer rooms (WebSocket upgrades, not Fastify routes).
  const relay = relayEndpoint({
    db,
    logger,
    settings,
    serviceTokens,
    now,
    parseCookie: (header) => app.parseCookie(header),
  });
  app.server.on('upgrade', relay.onUpgrade);
  app.addHook('preClose', async () => relay.close());
  // A request finishing during the drain closes its connection, or keep-alive would hold it open.
  app.addHook('onSend', async (_req, reply) => {
    if (draining) reply.header('connection', 'close');
  });

  // tRPC answers with a fetch Response, which Fastify pipes as a web stream: chunked, in several
  // writes. A whole answer (every query and mutation) is sent as one buffer with its length
  // instead; only event streams (subscriptions) stay streams.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!(payload instanceof Response) || payload.headers.get('content-type')?.startsWith('text/event-stream')) {
      return payload;
    }
    reply.code(payload.status);
    for (const [name, value] of payload.headers) reply.header(name, value);
    return Buffer.from(await payload.arrayBuffer());
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req, res }) => {
        const http = httpExchange(req, res, settings);
        const { principal, session } = await resolvePrincipal({
          db,
          authorization: req.headers.authorization,
          sessionToken: http.getCookie(SESSION_COOKIE),
          serviceTokens,
          now: now(),
          sessions: settings.sessions,
        });
        // Sliding expiry: a renewed session gets its cookie again with the new date.
        if (session?.renewed)
          http.setCookie(SESSION_COOKIE, http.getCookie(SESSION_COOKIE) ?? '', { expires: session.expiresAt });
        return createContext({
          db,
          logger: logger.child({ requestId: req.id }),
          requestId: req.id,
          principal,
          viewer: session?.user ?? null,
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
          settings,
          keys,
          mailer,
          payments,
          now,
          http,
          events,
          metrics: metrics?.api ?? null,
        });
      },
      onError({ error, path: procedure, ctx }) {
        // Expected failures are answers, not incidents: only unexpected ones are logged.
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          (ctx?.logger ?? logger).error(
            { err: error.cause ?? error, procedure, requestId: ctx?.requestId },
            'procedure failed',
          );
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  app.get('/healthz', async (_req, reply) => {
    const health = await checkHealth(db);
    return reply.code(health.status === 'ok' ? 200 : 503).send(health);
  });
  // Liveness: the process answers (restart it when not). Readiness: send it traffic.
  app.get('/livez', async () => ({ live: true, uptimeSeconds: Math.round(process.uptime()) }));
  app.get('/readyz', async (_req, reply) => {
    const health = await checkHealth(db);
    const listening = events ? events.listening : null;
    const ready = !draining && health.status === 'ok' && listening !== false;
    return reply.code(ready ? 200 : 503).send({ ready, draining, database: health.database, listening });
  });

  if (metrics) {
    new Gauge({
      name: 'hc_sse_streams_open',
      help: 'Live SSE streams (tRPC subscriptions) this web server holds open',
      registers: [metrics.registry],
      collect() {
        this.set(streams.size);
      },
    });
    new Gauge({
      name: 'hc_relay_sockets_open',
      help: 'Transcription relay WebSockets (browsers and agents) this web server holds open',
      registers: [metrics.registry],
      collect() {
        this.set(relay.hub.sockets);
      },
    });
    new Gauge({
      name: 'hc_event_bus_listening',
      help: '1 while the LISTEN connection for live session events is up',
      registers: [metrics.registry],
      collect() {
        this.set(events?.listening ? 1 : 0);
      },
    });
    app.get('/metrics', async (req, reply) => {
      // Not for the public: without METRICS_TOKEN this port does not serve them at all.
      if (!options.metricsToken) return reply.code(404).send({ error: 'Not Found' });
      if (!metricsAllowed(req.headers.authorization, options.metricsToken, false)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized' });
      }
      return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  await app.register(googleRoutes, { db, logger, settings, mailer, now });

  await app.register(exportDownloadRoute, { db, keys, settings, serviceTokens, now });
  await app.register(livekitWebhookRoute, { db, logger, settings, now });
  await app.register(skoolWebhookRoute, { db, logger, settings, now });
  await app.register(stripeWebhookRoute, { db, logger, settings, mailer, payments, now });

  // Private calendar feeds: the secret in the URL is the only credential calendar apps can send.
  app.get<{ Params: { file: string } }>('/calendar/:file', async (req, reply) => {
    const token = req.params.file.replace(/\.ics$/, '');
    const body = await calendarFeed(db, token, settings.publicUrl, now());
    if (!body) return reply.code(404).send({ error: 'Not Found' });
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .send(body);
  });

  // Photos may arrive (uploads, the worker's Skool downloads) before the folder exists.
  await mkdir(settings.photoDir, { recursive: true });
  await app.register(photoRoute, { db, settings, serviceTokens, now });

  if (staticDir && existsSync(path.join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: false,
      // `/` is chosen below.
      index: false,
      // The build writes .br and .gz beside each file (vite.config.ts): sent as they are.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', spaCacheControl(staticDir, filePath));
        // `/` is one of two pages depending on the cookie; every file has a .br and a .gz.
        res.setHeader('vary', /\.html(\.br|\.gz)?$/.test(filePath) ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
      },
    });
    // The landing page without the router (landing.html, a quarter less JavaScript) for a browser
    // without a session, which is nearly every first visit; the app, which has the landing page
    // as a route, for one with (a stale cookie is fine: the app shows the landing page signed out).
    app.get('/', (req, reply) => reply.sendFile(req.cookies[SESSION_COOKIE] ? 'index.html' : 'landing.html'));
    // Client-side routes: any other GET that wants HTML gets the app.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && req.headers.accept?.includes('text/html')) {
        return reply.sendFile('index.html');
      }
      return reply.code(404).send({ error: 'Not Found' });
    });
  }
  return app;
}
