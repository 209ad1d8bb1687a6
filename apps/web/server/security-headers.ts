import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { AppSettings } from '@hybridcoach/api';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import helmet from 'helmet';

/** The SHA-256 of each inline script of the built pages (the theme script), for CSP. */
function inlineScriptHashes(staticDir: string | null): string[] {
  if (!staticDir) return [];
  const hashes = new Set<string>();
  for (const page of ['index.html', 'landing.html']) {
    const file = path.join(staticDir, page);
    if (!existsSync(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      hashes.add(
        `'sha256-${createHash('sha256')
          .update(m[1] ?? '')
          .digest('base64')}'`,
      );
    }
  }
  return [...hashes];
}

/** The LiveKit server the room page connects to, for connect-src. */
function livekitOrigins(settings: AppSettings): string[] {
  if (!settings.livekit) return [];
  const url = new URL(settings.livekit.url);
  const https = new URL(url);
  https.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return [url.origin, https.origin];
}

/**
 * Browser security headers on every response: a Content-Security-Policy the SPA (and LiveKit's
 * client) works under — scripts only from us plus the hashed theme script, no framing, no
 * plugins — nosniff, a strict referrer policy, HSTS when served over https; and `no-store` on
 * API answers, which carry health data no cache should keep.
 */
export async function registerSecurityHeaders<L extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>,
  settings: AppSettings,
  staticDir: string | null,
): Promise<void> {
  const https = settings.publicUrl.startsWith('https:');
  // Helmet's middleware, made once: @fastify/helmet rebuilt it (and re-parsed the policy) on
  // every request.
  const setHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(staticDir)],
        // React style attributes and the chart library set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", ...livekitOrigins(settings)],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Camera and microphone are the product; everything else cross-origin stays off.
    crossOriginEmbedderPolicy: false,
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  app.addHook('onRequest', (req, reply, done) =>
    setHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined)),
  );
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/trpc')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
