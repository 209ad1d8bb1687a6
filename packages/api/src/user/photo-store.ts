import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../core/errors';

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

const SIGNATURES: { type: 'png' | 'jpg' | 'webp'; test: (b: Uint8Array) => boolean }[] = [
  { type: 'png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'webp',
    test: (b) => String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP',
  },
];

/** A file that is not a photo we keep: a BAD_REQUEST whoever sent it (an upload, a Skool URL). */
export class PhotoRejected extends DomainError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

/** The image type from its first bytes (never from a name or a header a client chose). */
export function sniffImageType(bytes: Uint8Array): 'png' | 'jpg' | 'webp' | null {
  return SIGNATURES.find((s) => s.test(bytes))?.type ?? null;
}

/** Whether a file name is one `savePhoto` writes (`<owner>-<16 hex>.<type>`). */
export function isStoredPhotoName(name: string): boolean {
  return /^[a-zA-Z0-9_-]+-[0-9a-f]{16}\.(png|jpg|webp)$/.test(name);
}

/**
 * Stores a profile photo under `dir` with a content-addressed name and returns its public
 * path (/photos/…). Refuses anything that is not a PNG, JPEG or WebP of at most 2 MiB.
 */
export async function savePhoto(dir: string, ownerId: string, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength === 0) throw new PhotoRejected('The photo is empty.');
  if (bytes.byteLength > MAX_PHOTO_BYTES) throw new PhotoRejected('The photo is larger than 2 MB.');
  const type = sniffImageType(bytes);
  if (!type) throw new PhotoRejected('The photo must be a PNG, JPEG or WebP image.');
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const safeOwner = ownerId.replace(/[^a-zA-Z0-9_-]/g, '');
  const file = `${safeOwner}-${hash}.${type}`;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, file), bytes);
  return `/photos/${file}`;
}
