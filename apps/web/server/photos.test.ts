import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
let server: TestServer;

// A 1×1 PNG, and the same header followed by HTML.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const pngThenHtml = Buffer.concat([png.subarray(0, 16), Buffer.from('<html><script>alert(1)</script></html>')]);

beforeAll(async () => {
  server = await startTestServer({ db: t.db });
});
afterAll(() => server.close());

async function signedIn(userId: string) {
  const browser = createBrowserClient(server.url);
  await browser.client.dev.signInAs.mutate({ userId });
  return browser;
}

async function fetchPhoto(path: string, browser?: Awaited<ReturnType<typeof signedIn>>) {
  const cookie = browser ? `hc_session=${browser.jar.get('hc_session') ?? ''}` : '';
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });
}

describe('profile photos', () => {
  test('are re-encoded as WebP under a random name; a PNG header followed by HTML is refused', async () => {
    const client = await t.given.client();
    const browser = await signedIn(client.id);
    const { profilePhotoPath } = await browser.client.user.uploadPhoto.mutate({ dataBase64: png.toString('base64') });
    expect(profilePhotoPath).toMatch(/^\/photos\/[0-9a-f]{32}\.webp$/);
    expect(profilePhotoPath).not.toContain(client.id);
    const refused = await browser.client.user.uploadPhoto
      .mutate({ dataBase64: pngThenHtml.toString('base64') })
      .catch((e: { data?: { code?: string } }) => e.data?.code);
    expect(refused).toBe('BAD_REQUEST');
  });

  test("a client's photo is theirs, their coach's and an admin's to see; nobody else's", async () => {
    const { client, coach } = await t.given.completedSession({ startsAt: new Date(Date.now() - 86_400_000) });
    await t.db.coachClientRelationship.create({
      data: { coachId: coach.id, clientId: client.id, origin: 'client_booking' },
    });
    const stranger = await t.given.coach();
    const admin = await t.given.admin();
    const own = await signedIn(client.id);
    const { profilePhotoPath } = await own.client.user.uploadPhoto.mutate({ dataBase64: png.toString('base64') });

    const mine = await fetchPhoto(profilePhotoPath, own);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('image/webp');
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    expect(mine.headers.get('cache-control')).toContain('private');
    expect((await fetchPhoto(profilePhotoPath, await signedIn(coach.id))).status).toBe(200);
    expect((await fetchPhoto(profilePhotoPath, await signedIn(admin.id))).status).toBe(200);
    expect((await fetchPhoto(profilePhotoPath, await signedIn(stranger.id))).status).toBe(404);
    expect((await fetchPhoto(profilePhotoPath)).status).toBe(404);
    expect((await fetchPhoto('/photos/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  test("a coach's photo is public", async () => {
    const coach = await t.given.coach();
    const { profilePhotoPath } = await (await signedIn(coach.id)).client.user.uploadPhoto.mutate({
      dataBase64: png.toString('base64'),
    });
    const anonymous = await fetchPhoto(profilePhotoPath);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('cache-control')).toContain('public');
  });
});
