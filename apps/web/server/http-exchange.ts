import type { AppSettings, HttpExchange } from '@hybridcoach/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The request/response pieces procedures may touch. Cookie attributes are decided here, once:
 * HttpOnly, SameSite=Lax, Path=/, and Secure in production.
 */
export function httpExchange(req: FastifyRequest, reply: FastifyReply, settings: AppSettings): HttpExchange {
  const origin = req.headers.origin;
  const ownOrigin = `${req.protocol}://${req.headers.host ?? ''}`;
  const base = { httpOnly: true, sameSite: 'lax' as const, secure: settings.production, path: '/' };
  return {
    getCookie: (name) => req.cookies[name],
    setCookie: (name, value, options) => {
      reply.setCookie(name, value, { ...base, ...options });
    },
    clearCookie: (name) => {
      reply.clearCookie(name, base);
    },
    acceptLanguage: req.headers['accept-language'] ?? null,
    originTrusted: origin !== undefined && (origin === ownOrigin || settings.trustedOrigins.includes(origin)),
  };
}
