import {
  type AppSettings,
  openExportDownload,
  resolvePrincipal,
  SESSION_COOKIE,
  type ServiceTokens,
} from '@hybridcoach/api';
import type { Db, KeyRing } from '@hybridcoach/db';
import type { FastifyPluginAsync } from 'fastify';

/**
 * GET /exports/:id/download: a member's data export, opened from its sealed file as it streams,
 * for the signed-in person who asked for it, while its link works (errors go through the one
 * error handler: 401 signed out, 404 not theirs, expired or gone).
 */
export const exportDownloadRoute: FastifyPluginAsync<{
  db: Db;
  keys: KeyRing;
  settings: AppSettings;
  serviceTokens: ServiceTokens;
  now: () => Date;
}> = async (app, deps) => {
  app.get<{ Params: { id: string } }>('/exports/:id/download', async (req, reply) => {
    const { principal } = await resolvePrincipal({
      db: deps.db,
      authorization: undefined,
      sessionToken: req.cookies[SESSION_COOKIE],
      serviceTokens: deps.serviceTokens,
      now: deps.now(),
      sessions: deps.settings.sessions,
    });
    const download = await openExportDownload(deps, principal, req.params.id.slice(0, 64));
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${download.fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(download.stream);
  });
};
