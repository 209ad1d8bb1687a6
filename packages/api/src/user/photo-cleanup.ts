import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { isStoredPhotoName } from './photo-store';

export interface PhotoCleanupResult {
  removed: number;
  kept: number;
}

/**
 * Deletes the photo files nothing points at any more: a replaced upload, a Skool photo that
 * changed. A file younger than `minAgeMs` stays, since a photo being saved right now is written
 * before its row is. Only names photo-store writes are considered; anything else in the folder
 * is left alone.
 */
export async function removeUnusedPhotos(
  deps: { db: Db; logger: Logger; photoDir: string },
  options: { now: Date; minAgeMs: number },
): Promise<PhotoCleanupResult> {
  const files = (await readdir(deps.photoDir).catch(ifMissing([]))).filter(isStoredPhotoName);
  if (files.length === 0) return { removed: 0, kept: 0 };

  const rows = await deps.db.$queryRaw<{ path: string }[]>`
    SELECT "profilePhotoPath" AS path FROM "User" WHERE "profilePhotoPath" LIKE '/photos/%'
    UNION SELECT "storedPath" FROM "SkoolPhotoSync" WHERE "storedPath" LIKE '/photos/%'`;
  const used = new Set(rows.map((r) => path.posix.basename(r.path)));
  const cutoff = options.now.getTime() - options.minAgeMs;

  let removed = 0;
  for (const file of files) {
    if (used.has(file)) continue;
    const full = path.join(deps.photoDir, file);
    const info = await stat(full).catch(ifMissing(null));
    if (!info || info.mtimeMs > cutoff) continue;
    await rm(full, { force: true });
    removed++;
  }
  const result = { removed, kept: files.length - removed };
  if (removed > 0) deps.logger.info({ ...result, photoDir: deps.photoDir }, 'unused photos removed');
  return result;
}

/** A `.catch` handler: `fallback` when the path is gone, any other error rethrown. */
function ifMissing<T>(fallback: T) {
  return (err: unknown): T => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw err;
  };
}
