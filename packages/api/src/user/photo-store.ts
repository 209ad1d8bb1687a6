import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { DomainError } from '../core/errors';

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
/** Photos are shown at most this size; larger ones are scaled down when stored. */
const STORED_SIZE = 512;
const ACCEPTED = new Set(['png', 'jpeg', 'webp']);

/** A file that is not a photo we keep: a BAD_REQUEST whoever sent it (an upload, a Skool URL). */
export class PhotoRejected extends DomainError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

/** Whether a file name is one `savePhoto` writes (random, so it says nothing about its owner). */
export function isStoredPhotoName(name: string): boolean {
  return /^[0-9a-f]{32}\.webp$/.test(name) || isLegacyPhotoName(name);
}

/** `<owner>-<16 hex>.<type>`: names written before photos were re-encoded (still served and cleaned up). */
function isLegacyPhotoName(name: string): boolean {
  return /^[a-zA-Z0-9_-]+-[0-9a-f]{16}\.(png|jpg|webp)$/.test(name);
}

/**
 * Stores a profile photo under `dir` and returns its path (/photos/…). The bytes are decoded as
 * an image — PNG, JPEG or WebP of at most 2 MiB — and written again as a WebP of at most
 * 512 × 512 without any metadata (no EXIF location), under a random name: whatever a file
 * claimed to be, what we serve is an image we made.
 */
export async function savePhoto(dir: string, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength === 0) throw new PhotoRejected('The photo is empty.');
  if (bytes.byteLength > MAX_PHOTO_BYTES) throw new PhotoRejected('The photo is larger than 2 MB.');
  let webp: Buffer;
  try {
    const image = sharp(bytes, { limitInputPixels: 40_000_000 });
    const { format } = await image.metadata();
    if (!format || !ACCEPTED.has(format)) throw new PhotoRejected('The photo must be a PNG, JPEG or WebP image.');
    webp = await image
      .rotate()
      .resize({ width: STORED_SIZE, height: STORED_SIZE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 85 })
      .toBuffer();
  } catch (err) {
    if (err instanceof PhotoRejected) throw err;
    throw new PhotoRejected('The photo must be a PNG, JPEG or WebP image that opens.');
  }
  const file = `${randomBytes(16).toString('hex')}.webp`;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, file), webp, { mode: 0o640 });
  return `/photos/${file}`;
}
