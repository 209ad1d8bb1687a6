import {
  type AppSettings,
  beginGoogleSignIn,
  completeGoogleSignIn,
  createContext,
  exchangeGoogleCode,
  GOOGLE_STATE_COOKIE,
  GOOGLE_VERIFIER_COOKIE,
  type Mailer,
} from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import type { FastifyPluginAsync } from 'fastify';
import { httpExchange } from './http-exchange';

const TEN_MINUTES = 10 * 60;

/**
 * Google sign-in (arctic, PKCE, state cookie): GET /auth/google sends the browser to Google,
 * GET /auth/google/callback signs the member in and returns them to the app.
 */
export const googleRoutes: FastifyPluginAsync<{
  db: Db;
  logger: Logger;
  settings: AppSettings;
  mailer: Mailer;
  now: () => Date;
}> = async (app, deps) => {
  const { settings } = deps;

  app.get('/auth/google', async (req, reply) => {
    if (!settings.google) return reply.redirect('/sign-in?error=google_not_configured');
    const { url, state, codeVerifier } = beginGoogleSignIn(settings.google, settings.publicUrl);
    const http = httpExchange(req, reply, settings);
    http.setCookie(GOOGLE_STATE_COOKIE, state, { maxAge: TEN_MINUTES });
    http.setCookie(GOOGLE_VERIFIER_COOKIE, codeVerifier, { maxAge: TEN_MINUTES });
    return reply.redirect(url.toString());
  });

  app.get<{ Querystring: { code?: string; state?: string } }>('/auth/google/callback', async (req, reply) => {
    const http = httpExchange(req, reply, settings);
    const expected = http.getCookie(GOOGLE_STATE_COOKIE);
    const verifier = http.getCookie(GOOGLE_VERIFIER_COOKIE);
    http.clearCookie(GOOGLE_STATE_COOKIE);
    http.clearCookie(GOOGLE_VERIFIER_COOKIE);
    const { code, state } = req.query;
    if (!settings.google || !code || !state || !expected || !verifier || state !== expected) {
      return reply.redirect('/sign-in?error=google_state');
    }
    let claims: Awaited<ReturnType<typeof exchangeGoogleCode>>;
    try {
      claims = await exchangeGoogleCode(settings.google, settings.publicUrl, code, verifier);
    } catch (err) {
      deps.logger.warn({ err }, 'Google code exchange failed');
      return reply.redirect('/sign-in?error=google_exchange');
    }
    const ctx = createContext({
      db: deps.db,
      logger: deps.logger.child({ requestId: req.id }),
      requestId: req.id,
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      settings,
      mailer: deps.mailer,
      now: deps.now,
      http,
    });
    const result = await completeGoogleSignIn(ctx, claims);
    if (!result.ok) return reply.redirect(`/sign-in?error=${result.reason}`);
    return reply.redirect(result.signedIn.needsOnboarding ? '/onboarding' : '/');
  });
};
