import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import {
  type AppRouter,
  appRouter,
  checkHealth,
  createContext,
  type ServiceTokens,
  servicePrincipalFromHeader,
} from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { LogController } from 'fastify';

export interface ServerOptions {
  db: Db;
  logger: Logger;
  serviceTokens: ServiceTokens;
  /** The built SPA (production); null in development, where Vite serves it. */
  staticDir: string | null;
}

export async function buildServer(options: ServerOptions) {
  const { db, logger, serviceTokens, staticDir } = options;
  const app = Fastify({
    loggerInstance: logger,
    // Batched tRPC GETs carry every procedure name in the path.
    routerOptions: { maxParamLength: 5000 },
    // Per-request lines would drown the structured logs; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) =>
        createContext({
          db,
          logger: logger.child({ requestId: req.id }),
          requestId: req.id,
          principal: servicePrincipalFromHeader(req.headers.authorization, serviceTokens) ?? {
            kind: 'anonymous',
          },
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        }),
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

  if (staticDir && existsSync(path.join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: staticDir, wildcard: false });
    // Client-side routes: any other GET that wants HTML gets the SPA shell.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && req.headers.accept?.includes('text/html')) {
        return reply.sendFile('index.html');
      }
      return reply.code(404).send({ error: 'Not Found' });
    });
  }
  return app;
}
