import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GoogleAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

/**
 * A local stand-in for Google's OAuth 2.0 / OpenID endpoints, speaking their wire protocol:
 * the authorization endpoint redirects back with `code` and `state`; the token endpoint takes
 * the form-encoded code exchange (client_secret_basic, PKCE code_verifier) and answers JSON
 * with an id_token. It checks PKCE (S256) as Google does.
 */
export async function startGoogleStandIn(options: { clientId: string; clientSecret: string; account: GoogleAccount }) {
  const grants = new Map<string, { challenge: string; redirectUri: string }>();
  const exchanges: { code: string; verifierOk: boolean }[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') {
      const p = url.searchParams;
      if (
        p.get('client_id') !== options.clientId ||
        p.get('code_challenge_method') !== 'S256' ||
        !p.get('code_challenge')
      ) {
        res.writeHead(400).end('bad authorization request');
        return;
      }
      const code = randomBytes(12).toString('hex');
      grants.set(code, { challenge: p.get('code_challenge') ?? '', redirectUri: p.get('redirect_uri') ?? '' });
      const back = new URL(p.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state') ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const [id, secret] = basic.split(':').map(decodeURIComponent);
      const grant = grants.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const verifierOk = !!grant && createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
      exchanges.push({ code: form.get('code') ?? '', verifierOk });
      if (
        id !== options.clientId ||
        secret !== options.clientSecret ||
        !grant ||
        !verifierOk ||
        form.get('redirect_uri') !== grant.redirectUri
      ) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' }));
        return;
      }
      grants.delete(form.get('code') ?? '');
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const idToken = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://accounts.google.com', aud: options.clientId, ...options.account })}.c2lnbmF0dXJl`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          access_token: 'ya29.stand-in',
          expires_in: 3599,
          token_type: 'Bearer',
          scope: 'openid email profile',
          id_token: idToken,
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorizationUrl: `${base}/o/oauth2/v2/auth`,
    tokenUrl: `${base}/token`,
    exchanges,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
