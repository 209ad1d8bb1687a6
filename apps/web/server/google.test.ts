import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GoogleAccount, startGoogleStandIn } from './test-support/google-stand-in';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
const clientId = 'hybridcoach-test.apps.googleusercontent.com';
const clientSecret = 'stand-in-secret';

/** Follows the browser's path: our /auth/google → Google → our callback, carrying cookies. */
async function signInWithGoogle(account: GoogleAccount) {
  const google = await startGoogleStandIn({ clientId, clientSecret, account });
  const server = await startTestServer({
    db: t.db,
    settings: {
      google: { clientId, clientSecret, authorizationUrl: google.authorizationUrl, tokenUrl: google.tokenUrl },
    },
  });
  try {
    const start = await fetch(`${server.url}/auth/google`, { redirect: 'manual' });
    const cookies = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const toGoogle = new URL(start.headers.get('location') ?? '');
    expect(toGoogle.searchParams.get('code_challenge_method')).toBe('S256');
    const fromGoogle = await fetch(toGoogle, { redirect: 'manual' });
    // Google redirects to PUBLIC_URL's callback; the test server listens elsewhere.
    const callback = new URL(fromGoogle.headers.get('location') ?? '');
    const back = await fetch(`${server.url}${callback.pathname}${callback.search}`, {
      redirect: 'manual',
      headers: { cookie: cookies },
    });
    const session = back.headers
      .getSetCookie()
      .find((c) => c.startsWith('hc_session=') && !c.startsWith('hc_session=;'));
    return {
      location: back.headers.get('location'),
      session: session?.split(';')[0]?.split('=')[1] ?? null,
      exchanges: google.exchanges,
      url: server.url,
    };
  } finally {
    servers.push(server);
    stands.push(google);
  }
}
const servers: TestServer[] = [];
const stands: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const g of stands) await g.close();
});

describe('Google sign-in (arctic, PKCE, against a local stand-in of Google)', () => {
  beforeAll(async () => {
    await t.db.user.create({
      data: {
        email: 'gmember@vagus.example',
        displayName: 'G Member',
        vagusSubscriptionStatus: 'active',
        skoolVagusEmail: 'gmember@vagus.example',
        profile: { create: { onboardingCompleted: true } },
      },
    });
  });

  test('links a Skool member by verified email, then by googleId', async () => {
    const first = await signInWithGoogle({
      sub: 'google-123',
      email: 'GMember@vagus.example',
      email_verified: true,
      name: 'G',
    });
    expect(first.exchanges).toEqual([{ code: expect.any(String), verifierOk: true }]);
    expect(first.location).toBe('/');
    expect(first.session).toMatch(/^[a-z2-7]{32}$/);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: 'gmember@vagus.example' } })).googleId).toBe(
      'google-123',
    );

    // Same Google account, another address on file at Google: found by googleId.
    const second = await signInWithGoogle({
      sub: 'google-123',
      email: 'elsewhere@gmail.example',
      email_verified: true,
      name: 'G',
    });
    const browser = createBrowserClient(second.url);
    browser.jar.set('hc_session', second.session ?? '');
    expect((await browser.client.auth.me.query())?.email).toBe('gmember@vagus.example');
  });

  test('gives no account to people who are not Skool members, nor for an unverified email', async () => {
    const stranger = await signInWithGoogle({
      sub: 'google-999',
      email: 'stranger@gmail.example',
      email_verified: true,
      name: 'S',
    });
    expect(stranger.location).toBe('/sign-in?error=not_a_member');
    expect(stranger.session).toBeNull();
    expect(await t.db.user.count({ where: { email: 'stranger@gmail.example' } })).toBe(0);
    const unverified = await signInWithGoogle({
      sub: 'google-555',
      email: 'gmember@vagus.example',
      email_verified: false,
      name: 'G',
    });
    expect(unverified.location).toBe('/sign-in?error=unverified_email');
  });

  test('a member linked to Google who lapsed from Skool is refused, however they are found', async () => {
    await t.db.user.create({
      data: {
        email: 'lapsed@vagus.example',
        displayName: 'Lapsed',
        googleId: 'google-lapsed',
        vagusSubscriptionStatus: 'expired',
        skoolVagusEmail: 'lapsed@vagus.example',
      },
    });
    const refused = await signInWithGoogle({
      sub: 'google-lapsed',
      email: 'lapsed@vagus.example',
      email_verified: true,
      name: 'L',
    });
    expect(refused.location).toBe('/sign-in?error=not_a_member');
    expect(refused.session).toBeNull();
  });

  test('a callback with a forged state is refused', async () => {
    const server = await startTestServer({
      db: t.db,
      settings: {
        google: {
          clientId,
          clientSecret,
          authorizationUrl: 'http://127.0.0.1:1/auth',
          tokenUrl: 'http://127.0.0.1:1/token',
        },
      },
    });
    servers.push(server);
    const res = await fetch(`${server.url}/auth/google/callback?code=x&state=forged`, {
      redirect: 'manual',
      headers: { cookie: 'hc_google_state=real; hc_google_verifier=v' },
    });
    expect(res.headers.get('location')).toBe('/sign-in?error=google_state');
  });
});
