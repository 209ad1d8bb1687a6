import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_PHOTO_BYTES } from '../user/photo-store';
import { syncProfilePhotos } from './photo-sync';
import { SkoolStandIn, TINY_PNG } from './test-support/skool-stand-in';

const t = useTestDatabase();
const stand = new SkoolStandIn('unused');
const logger = createLogger('photo-test', 'silent');
let photoDir = '';
beforeAll(async () => {
  await stand.start();
  photoDir = await mkdtemp(path.join(os.tmpdir(), 'hc-skool-photos-'));
});
afterAll(() => stand.stop());

const now = new Date('2030-01-10T12:00:00Z');
const run = (at = now) => syncProfilePhotos({ db: t.db, logger, photoDir }, { now: at, limit: 10 });
const user = (email: string, photo: string, fields: { profilePhotoPath?: string } = {}) =>
  t.db.user.create({
    data: { email, displayName: email, skoolProfilePhotoUrl: `${stand.url}/photos/${photo}`, ...fields },
  });

describe('syncProfilePhotos', () => {
  test('downloads each Skool photo once into the photo folder and points the profile at it', async () => {
    stand.photos.set('ann.png', { bytes: TINY_PNG, contentType: 'image/png' });
    const ann = await user('ann@example.com', 'ann.png');
    expect(await run()).toEqual({ downloaded: 1, keptOwnPhoto: 0, failed: 0 });
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: ann.id } });
    expect(stored.lastPhotoSync).toEqual(now);
    expect(stored.profilePhotoPath).toMatch(/^\/photos\/[0-9a-f]{32}\.webp$/);
    const file = path.join(photoDir, path.basename(stored.profilePhotoPath ?? ''));
    // Stored as we re-encode every photo: a WebP.
    const bytes = await readFile(file);
    expect([bytes.toString('ascii', 0, 4), bytes.toString('ascii', 8, 12)]).toEqual(['RIFF', 'WEBP']);
    // Same URL: nothing to do.
    expect(await run()).toEqual({ downloaded: 0, keptOwnPhoto: 0, failed: 0 });
  });

  test('refuses what is not an image or too large, and retries only after a backoff', async () => {
    stand.photos.set('page.png', { bytes: Buffer.from('<html>not a photo</html>'), contentType: 'image/png' });
    stand.photos.set('huge.jpg', { bytes: Buffer.alloc(MAX_PHOTO_BYTES + 1, 0xff), contentType: 'image/jpeg' });
    const page = await user('page@example.com', 'page.png');
    await user('huge@example.com', 'huge.jpg');
    await user('missing@example.com', 'missing.png');
    expect(await run()).toEqual({ downloaded: 0, keptOwnPhoto: 0, failed: 3 });
    const record = await t.db.skoolPhotoSync.findUniqueOrThrow({ where: { userId: page.id } });
    expect(record).toMatchObject({ attempts: 1, syncedAt: null, nextAttemptAt: new Date(now.getTime() + 15 * 60_000) });
    expect(record.lastError).toContain('PNG, JPEG or WebP');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: page.id } })).profilePhotoPath).toBeNull();

    expect(await run(new Date(now.getTime() + 60_000))).toMatchObject({ failed: 0 }); // still waiting
    stand.photos.set('page.png', { bytes: TINY_PNG, contentType: 'image/png' }); // fixed upstream
    expect(await run(new Date(now.getTime() + 16 * 60_000))).toMatchObject({ downloaded: 1, failed: 2 });
    const huge = await t.db.skoolPhotoSync.findFirstOrThrow({ where: { user: { email: 'huge@example.com' } } });
    expect(huge).toMatchObject({ attempts: 2, nextAttemptAt: new Date(now.getTime() + 46 * 60_000) });
  });

  test('keeps a photo the member uploaded themselves', async () => {
    stand.photos.set('own.png', { bytes: TINY_PNG, contentType: 'image/png' });
    const own = await user('own@example.com', 'own.png', { profilePhotoPath: '/photos/own-upload.png' });
    expect(await run(new Date(now.getTime() + 2 * 86_400_000))).toMatchObject({ keptOwnPhoto: 1 });
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: own.id } });
    expect(stored.profilePhotoPath).toBe('/photos/own-upload.png');
  });
});
