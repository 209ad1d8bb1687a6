import type { Community, Db, SkoolSyncRequestStatus } from '@hybridcoach/db';
import { DomainError } from '../core/errors';

export interface SyncRequestView {
  id: string;
  community: Community;
  status: SkoolSyncRequestStatus;
  requestedById: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  logId: number | null;
  error: string | null;
}

const OPEN: SkoolSyncRequestStatus[] = ['pending', 'queued', 'running'];

/**
 * "Sync now": the web server has no job queue, so the request is a row the worker polls for
 * (and turns into a pg-boss job). Asking again while one is open returns that one.
 */
export async function requestSync(
  db: Db,
  input: { community: Community; requestedById: string | null; now: Date; membersEndpoint: boolean },
): Promise<SyncRequestView & { alreadyOpen: boolean }> {
  if (!input.membersEndpoint) {
    throw new DomainError(
      'BAD_REQUEST',
      'There is no members endpoint to pull from. Upload the members CSV exported from Skool instead.',
    );
  }
  return db.$transaction(async (tx) => {
    // Two admins clicking at once must not both see "none open".
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`skool-sync-request:${input.community}`}))`;
    const open = await tx.skoolSyncRequest.findFirst({
      where: { community: input.community, status: { in: OPEN } },
      orderBy: { requestedAt: 'desc' },
    });
    if (open) return { ...open, alreadyOpen: true };
    const created = await tx.skoolSyncRequest.create({
      data: { community: input.community, requestedById: input.requestedById, requestedAt: input.now },
    });
    return { ...created, alreadyOpen: false };
  });
}

export function pendingSyncRequests(db: Db, limit = 20): Promise<{ id: string; community: Community }[]> {
  return db.skoolSyncRequest.findMany({
    where: { status: 'pending' },
    orderBy: { requestedAt: 'asc' },
    take: limit,
    select: { id: true, community: true },
  });
}

/** After the job is sent; a request sent twice (a crash in between) is one job: same id. */
export async function markSyncRequestsQueued(db: Db, ids: string[]): Promise<number> {
  const { count } = await db.skoolSyncRequest.updateMany({
    where: { id: { in: ids }, status: 'pending' },
    data: { status: 'queued' },
  });
  return count;
}

/** A retry of a failed attempt runs the same request again. */
export async function startSyncRequest(db: Db, id: string, now: Date): Promise<void> {
  await db.skoolSyncRequest.updateMany({
    where: { id, status: { in: [...OPEN, 'failed'] } },
    data: { status: 'running', startedAt: now, attempts: { increment: 1 } },
  });
}

export async function finishSyncRequest(
  db: Db,
  input: { id: string; status: 'done' | 'failed'; logId: number | null; error: string | null; now: Date },
): Promise<void> {
  await db.skoolSyncRequest.updateMany({
    where: { id: input.id },
    data: { status: input.status, logId: input.logId, error: input.error, finishedAt: input.now },
  });
}

export function listSyncRequests(db: Db, limit: number): Promise<SyncRequestView[]> {
  return db.skoolSyncRequest.findMany({ orderBy: { requestedAt: 'desc' }, take: limit });
}
