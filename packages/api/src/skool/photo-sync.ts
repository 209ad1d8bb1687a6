import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { MAX_PHOTO_BYTES, PhotoRejected, savePhoto } from '../user/photo-store';

const RETRY_BASE_MS = 15 * 60_000;
const RETRY_MAX_MS = 24 * 60 * 60_000;

interface Candidate {
  userId: string;
  url: string;
  profilePhotoPath: string | null;
  storedPath: string | null;
  sameUrlAttempts: number;
}

export interface PhotoSyncResult {
  downloaded: number;
  /** Downloaded, but the member has a photo of their own, which wins. */
  keptOwnPhoto: number;
  failed: number;
}

/**
 * Downloads members' Skool photos into the photo folder (type and size checked by photo-store),
 * once per photo URL. A failure is recorded and retried with backoff (15 min doubling to a day)
 * instead of on every run. A photo the member uploaded themselves is never replaced.
 */
export async function syncProfilePhotos(
  deps: { db: Db; logger: Logger; photoDir: string; fetch?: typeof fetch },
  options: { now: Date; limit: number; concurrency?: number; timeoutMs?: number },
): Promise<PhotoSyncResult> {
  const { db, logger } = deps;
  const { now } = options;
  const candidates = await db.$queryRaw<Candidate[]>`
    SELECT u.id AS "userId", u."skoolProfilePhotoUrl" AS url, u."profilePhotoPath", p."storedPath",
           CASE WHEN p."sourceUrl" = u."skoolProfilePhotoUrl" THEN p.attempts ELSE 0 END AS "sameUrlAttempts"
    FROM "User" u LEFT JOIN "SkoolPhotoSync" p ON p."userId" = u.id
    WHERE u."skoolProfilePhotoUrl" IS NOT NULL AND u."deletedAt" IS NULL
      AND (p."userId" IS NULL OR p."sourceUrl" <> u."skoolProfilePhotoUrl"
           OR (p."syncedAt" IS NULL AND p."nextAttemptAt" <= ${now}::timestamptz))
    ORDER BY p."nextAttemptAt" NULLS FIRST, u.id
    LIMIT ${options.limit}`;

  const result: PhotoSyncResult = { downloaded: 0, keptOwnPhoto: 0, failed: 0 };
  const queue = [...candidates];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const candidate = next;
      try {
        const bytes = await download(deps.fetch ?? fetch, candidate.url, options.timeoutMs ?? 15_000);
        const path = await savePhoto(deps.photoDir, bytes);
        const used = await recordSuccess(db, candidate, path, now);
        if (used) result.downloaded++;
        else result.keptOwnPhoto++;
      } catch (err) {
        result.failed++;
        const message = err instanceof Error ? err.message : String(err);
        logger.warn({ userId: candidate.userId, url: candidate.url, err: message }, 'Skool photo download failed');
        await recordFailure(db, candidate, message, now);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, worker));
  if (candidates.length > 0) logger.info({ ...result }, 'Skool photos synced');
  return result;
}

/** The photo's bytes, refusing early what cannot be a photo we keep (status, size). */
async function download(doFetch: typeof fetch, url: string, timeoutMs: number): Promise<Uint8Array> {
  const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'image/*' } });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`the photo URL answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_PHOTO_BYTES) {
    await response.body?.cancel();
    throw new PhotoRejected('The photo is larger than 2 MB.');
  }
  // Counted while reading: a missing or lying Content-Length must not fill the memory.
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) throw new Error('the photo URL answered without a body');
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > MAX_PHOTO_BYTES) {
      await reader.cancel();
      throw new PhotoRejected('The photo is larger than 2 MB.');
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

/** Whether the profile now shows the Skool photo (false: the member's own photo stays). */
async function recordSuccess(db: Db, candidate: Candidate, path: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.skoolPhotoSync.upsert({
      where: { userId: candidate.userId },
      create: {
        userId: candidate.userId,
        sourceUrl: candidate.url,
        storedPath: path,
        syncedAt: now,
        nextAttemptAt: now,
      },
      update: {
        sourceUrl: candidate.url,
        storedPath: path,
        syncedAt: now,
        attempts: 0,
        lastError: null,
        nextAttemptAt: now,
      },
    });
    // Only over no photo or the one a previous sync put there; and only if the URL is still current.
    const rows = await tx.$queryRaw<{ used: boolean }[]>`
      UPDATE "User" SET
        "lastPhotoSync" = ${now}::timestamptz,
        "profilePhotoPath" = CASE WHEN "profilePhotoPath" IS NULL OR "profilePhotoPath" = ${candidate.storedPath}::text
                                  THEN ${path}::text ELSE "profilePhotoPath" END,
        "updatedAt" = ${now}::timestamptz
      WHERE id = ${candidate.userId} AND "skoolProfilePhotoUrl" = ${candidate.url}
      RETURNING "profilePhotoPath" = ${path}::text AS used`;
    return rows[0]?.used ?? false;
  });
}

async function recordFailure(db: Db, candidate: Candidate, error: string, now: Date): Promise<void> {
  const attempts = candidate.sameUrlAttempts + 1;
  const delay = Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
  const data = {
    sourceUrl: candidate.url,
    syncedAt: null,
    attempts,
    lastError: error.slice(0, 500),
    nextAttemptAt: new Date(now.getTime() + delay),
  };
  await db.skoolPhotoSync.upsert({
    where: { userId: candidate.userId },
    create: { userId: candidate.userId, ...data },
    update: data,
  });
}
