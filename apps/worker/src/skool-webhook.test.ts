import { signSkoolWebhook } from '@hybridcoach/api';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { startTestServer, type TestServer } from '@hybridcoach/web/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The web server receives Skool webhooks; the worker owns the sync they feed, so the test of the
// route over real HTTP lives with the other Skool sync tests.
const t = useTestDatabase();
const secret = 'skool-webhook-secret-for-tests-0123456789';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ db: t.db, settings: { skoolWebhook: { secret, toleranceSeconds: 300 } } });
});
afterAll(async () => {
  await server.close();
});

function event(id: string, type: string, email: string) {
  return JSON.stringify({
    id,
    type,
    community: 'vagus',
    occurredAt: new Date().toISOString(),
    member: { email, name: 'Webhook Member' },
  });
}

function post(body: string, headers: Record<string, string>) {
  return fetch(`${server.url}/webhooks/skool`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

function signedHeaders(body: string, at = Math.floor(Date.now() / 1000), key = secret) {
  return { 'x-skool-timestamp': String(at), 'x-skool-signature': signSkoolWebhook(key, at, body) };
}

describe('POST /webhooks/skool over HTTP', () => {
  test('applies a signed event once; a replay of it is refused', async () => {
    const body = event('evt-http-1', 'member.joined', 'joined@example.com');
    const headers = signedHeaders(body);
    const response = await post(body, headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'applied', eventId: 'evt-http-1' });
    expect(await t.db.user.findUnique({ where: { email: 'joined@example.com' } })).toMatchObject({
      vagusSubscriptionStatus: 'active',
      role: 'client',
    });

    const replay = await post(body, headers);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toEqual({ error: 'replayed event' });
  });

  test('refuses a forged, unsigned or stale delivery and changes nothing', async () => {
    const body = event('evt-forged', 'member.joined', 'forged@example.com');
    const forged = await post(body, signedHeaders(body, undefined, 'not-the-secret-not-the-secret-not-it'));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'invalid signature' });

    const unsigned = await post(body, {});
    expect(unsigned.status).toBe(401);

    const tampered = await post(body.replace('forged@', 'other@'), signedHeaders(body));
    expect(tampered.status).toBe(401);

    const stale = await post(body, signedHeaders(body, Math.floor(Date.now() / 1000) - 3600));
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: 'stale timestamp' });

    expect(await t.db.user.count({ where: { email: { in: ['forged@example.com', 'other@example.com'] } } })).toBe(0);
    // A refused delivery did not use up its id: the real, signed one is still accepted.
    expect((await post(body, signedHeaders(body))).status).toBe(200);
  });

  test('answers 400 to a signed body that is not a member event', async () => {
    const body = '{"id":"evt-bad","type":"member.joined"}';
    const response = await post(body, signedHeaders(body));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('invalid event');
  });
});
