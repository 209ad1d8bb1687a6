import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type AppSettings,
  DomainError,
  photoFor,
  resolvePrincipal,
  SESSION_COOKIE,
  type ServiceTokens,
} from '@hybridcoach/api';
import type { Db } from '@hybridcoach/db';
import type { FastifyPluginAsync } from 'fastify';

const TYPES: Record<string, string> = { '.webp': 'image/webp', '.png': 'image/png', '.jpg': 'image/jpeg' };

/**
 * GET /photos/:file — a coach's photo to anyone, a client's only to whoever may see that client
 * (photoFor); anything else is 404. Never sniffed as another type, never cached by a shared
 * cache when private.
 */
export const photoRoute: FastifyPluginAsync<{
  db: Db;
  settings: AppSettings;
  serviceTokens: ServiceTokens;
  now: () => Date;
}> = async (app, deps) => {
  app.get<{ Params: { file: string } }>('/photos/:file', async (req, reply) => {
    const { principal } = await resolvePrincipal({
      db: deps.db,
      authorization: req.headers.authorization,
      sessionToken: req.cookies[SESSION_COOKIE],
      serviceTokens: deps.serviceTokens,
      now: deps.now(),
      sessions: deps.settings.sessions,
    });
    const photo = await photoFor({ db: deps.db, settings: deps.settings, now: deps.now }, principal, req.params.file);
    // Small (a stored photo is a 512 px WebP): read whole, so a vanished file is a 404, not a broken stream.
    const bytes = await readFile(path.join(deps.settings.photoDir, path.basename(photo.file))).catch(() => {
      throw new DomainError('NOT_FOUND', 'Not Found');
    });
    return reply
      .header('content-type', TYPES[path.extname(photo.file)] ?? 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', photo.public ? 'public, max-age=3600' : 'private, max-age=300')
      .send(bytes);
  });
};
