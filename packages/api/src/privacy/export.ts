import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openStream, sealStream } from '@hybridcoach/db';
import { strToU8, zipSync } from 'fflate';
import { recordAudit } from '../auth/audit';
import { recordHealthDataRead } from '../auth/data-reads';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { Principal, UserPrincipal } from '../core/principal';
import { collectMemberData, readableTranscript } from './member-archive';

const exportSelect = {
  id: true,
  userId: true,
  status: true,
  progress: true,
  total: true,
  bytes: true,
  error: true,
  reason: true,
  requestedAt: true,
  finishedAt: true,
  expiresAt: true,
} as const;

export const exportFile = (dir: string, id: string) => path.join(dir, `${id}.zip.sealed`);
const exportContext = (id: string) => `export:${id}`;

/**
 * A member asks for their data; an admin for a member's, with a stated reason (recorded as a
 * read of the member's data, so it shows in their next export). One export in progress per
 * member at a time: asking again returns it.
 */
export async function requestExport(
  deps: Deps<'db' | 'now'>,
  actor: UserPrincipal,
  input: { userId?: string | null; reason?: string | null },
) {
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId) {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'You can only export your own data.');
    if (!input.reason)
      throw new DomainError('BAD_REQUEST', "say why you export this member's data", { field: 'reason' });
    const member = await deps.db.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!member) throw new DomainError('NOT_FOUND', 'No member with that id.');
  }
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`export:${userId}`}))`;
    const open = await tx.dataExport.findFirst({
      where: { userId, status: { in: ['pending', 'running'] } },
      select: exportSelect,
    });
    if (open) return open;
    if (userId !== actor.userId) {
      await recordHealthDataRead(tx, {
        reader: actor,
        clientId: userId,
        what: 'export',
        reason: input.reason ?? undefined,
      });
    }
    return tx.dataExport.create({
      data: { userId, requestedById: actor.userId, reason: input.reason ?? null, requestedAt: deps.now() },
      select: exportSelect,
    });
  });
}

/** The member's own exports, newest first (progress while building, the link while it works). */
export async function myExports(deps: Deps<'db' | 'now'>, actor: UserPrincipal) {
  const rows = await deps.db.dataExport.findMany({
    where: { userId: actor.userId, requestedById: actor.userId },
    orderBy: { requestedAt: 'desc' },
    take: 5,
    select: exportSelect,
  });
  return rows.map((r) => withLink(r, deps.now()));
}

/** Exports an admin made, newest first. */
export async function adminExports(deps: Deps<'db' | 'now'>, actor: UserPrincipal) {
  const rows = await deps.db.dataExport.findMany({
    where: { requestedById: actor.userId, NOT: { userId: actor.userId } },
    orderBy: { requestedAt: 'desc' },
    take: 20,
    select: { ...exportSelect, user: { select: { displayName: true, email: true } } },
  });
  return rows.map((r) => withLink(r, deps.now()));
}

function withLink<T extends { id: string; status: string; expiresAt: Date | null }>(row: T, now: Date) {
  const live = row.status === 'ready' && row.expiresAt !== null && row.expiresAt > now;
  return { ...row, downloadUrl: live ? `/exports/${row.id}/download` : null, expired: row.status === 'ready' && !live };
}

/** Exports waiting for the worker (it sends one job per export, with the export's id). */
export function pendingExports(deps: Deps<'db'>) {
  return deps.db.dataExport.findMany({
    where: { status: 'pending' },
    orderBy: { requestedAt: 'asc' },
    select: { id: true },
  });
}

/**
 * The worker builds one export: the member's data as JSON plus a readable transcript per
 * session, zipped, sealed with the key ring into the export folder; progress is written as it
 * goes. Running it again (a retry) starts over and ends the same.
 */
export async function buildExport(deps: Deps<'db' | 'now' | 'keys' | 'settings'>, input: { exportId: string }) {
  const { db, keys } = deps;
  const row = await db.dataExport.findUnique({
    where: { id: input.exportId },
    select: { id: true, userId: true, status: true },
  });
  if (!row || row.status === 'ready') return { built: false };
  await db.dataExport.update({
    where: { id: row.id },
    data: { status: 'running', startedAt: deps.now(), progress: 0, error: null },
  });
  try {
    const member = await db.user.findUniqueOrThrow({
      where: { id: row.userId },
      select: { timezone: true, locale: true },
    });
    const data = await collectMemberData(db, keys, row.userId, (done, total) =>
      db.dataExport.update({ where: { id: row.id }, data: { progress: done, total } }).then(() => undefined),
    );
    const files: Record<string, Uint8Array> = {
      'README.txt': strToU8(readme(data.member.displayName, deps.now())),
      'data.json': strToU8(JSON.stringify(data, null, 2)),
    };
    for (const session of data.sessions) {
      const day = session.scheduledFor.toISOString().slice(0, 10);
      files[`sessions/${day}-${session.appointmentId}.txt`] = strToU8(
        readableTranscript(session, { timeZone: member.timezone, locale: member.locale ?? undefined }),
      );
    }
    const zip = zipSync(files, { level: 6 });
    await mkdir(deps.settings.privacy.exportDir, { recursive: true });
    const file = exportFile(deps.settings.privacy.exportDir, row.id);
    await pipeline(
      Readable.from([Buffer.from(zip)]),
      sealStream(keys, exportContext(row.id)),
      createWriteStream(file, { mode: 0o600 }),
    );
    const now = deps.now();
    await db.dataExport.update({
      where: { id: row.id },
      data: {
        status: 'ready',
        bytes: zip.length,
        finishedAt: now,
        expiresAt: new Date(now.getTime() + deps.settings.privacy.exportLinkHours * 3_600_000),
      },
    });
    return { built: true, bytes: zip.length, sessions: data.sessions.length };
  } catch (err) {
    await db.dataExport.update({
      where: { id: row.id },
      data: { status: 'failed', error: 'The export could not be built; ask for a new one.' },
    });
    throw err;
  }
}

function readme(name: string, at: Date): string {
  return `Everything HybridCoach holds about ${name}, exported ${at.toISOString()}.

data.json      your profile, intake answers and context, consents, appointments, sessions (summary,
               rating, topics, every transcript and chat line), goals and their progress, homework,
               payments, notifications, your data
               exports and deletion requests, and who read your health data, when and why.
sessions/      one readable transcript per session (times in your timezone).
`;
}

/**
 * The sealed file, opened for the person who may download it: the member it belongs to (their
 * own request) or the admin who asked for it, while the link works.
 */
export async function openExportDownload(
  deps: Deps<'db' | 'now' | 'keys' | 'settings'>,
  principal: Principal,
  exportId: string,
): Promise<{ fileName: string; bytes: number; stream: Transform }> {
  if (principal.kind !== 'user') throw new DomainError('UNAUTHORIZED', 'Sign in to download your data.');
  const row = await deps.db.dataExport.findUnique({
    where: { id: exportId },
    select: { id: true, userId: true, requestedById: true, status: true, expiresAt: true, bytes: true },
  });
  if (!row || row.requestedById !== principal.userId || row.status !== 'ready')
    throw new DomainError('NOT_FOUND', 'No export of yours with that id.');
  if (!row.expiresAt || row.expiresAt <= deps.now())
    throw new DomainError('NOT_FOUND', 'This download link has expired; ask for a new export.');
  const file = exportFile(deps.settings.privacy.exportDir, row.id);
  await stat(file).catch(() => {
    throw new DomainError('NOT_FOUND', 'This export is no longer kept; ask for a new one.');
  });
  const stream = openStream(deps.keys, exportContext(row.id));
  createReadStream(file)
    .on('error', (err) => stream.destroy(err))
    .pipe(stream);
  if (row.userId !== principal.userId)
    await recordAudit(deps.db, {
      action: 'data.read',
      userId: row.userId,
      actorId: principal.userId,
      targetId: row.id,
      metadata: { what: 'export-download', by: principal.role },
    });
  return { fileName: `hybridcoach-export-${row.id}.zip`, bytes: row.bytes ?? 0, stream };
}

/** Housekeeping: files of expired or failed exports go, and their rows with them after a week. */
export async function removeExpiredExports(deps: Deps<'db' | 'now' | 'settings'>) {
  const now = deps.now();
  const expired = await deps.db.dataExport.findMany({
    where: { OR: [{ expiresAt: { lte: now } }, { status: 'failed' }] },
    select: { id: true, requestedAt: true },
  });
  for (const row of expired) await rm(exportFile(deps.settings.privacy.exportDir, row.id), { force: true });
  const { count } = await deps.db.dataExport.deleteMany({
    where: {
      OR: [
        { expiresAt: { lte: new Date(now.getTime() - 7 * 86_400_000) } },
        { status: 'failed', requestedAt: { lte: new Date(now.getTime() - 7 * 86_400_000) } },
      ],
    },
  });
  return { filesRemoved: expired.length, rowsRemoved: count };
}
