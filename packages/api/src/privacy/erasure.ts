import { rm } from 'node:fs/promises';
import { recordAudit } from '../auth/audit';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { formatDay } from '../format';
import { eraseMember, purgeConversation } from './erasure-rules';
import { exportFile } from './export';

const DAY = 86_400_000;

/**
 * A member asks to be deleted (or an admin deletes a member, with a reason). At once: signed
 * out on every device, unbookable (deletedAt), future appointments cancelled, and the coaches
 * they worked with told what will go and when. The purge itself waits for the cooling-off
 * period (ERASURE_COOLING_OFF_DAYS), in which an admin can still cancel it.
 */
export async function requestErasure(
  deps: Deps<'db' | 'now' | 'settings'>,
  actor: UserPrincipal,
  input: { userId?: string | null; reason?: string | null },
) {
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId) {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'You can only delete your own account.');
    if (!input.reason) throw new DomainError('BAD_REQUEST', 'say why this member is deleted', { field: 'reason' });
  }
  const now = deps.now();
  const purgeAfter = new Date(now.getTime() + deps.settings.privacy.erasureCoolingOffDays * DAY);
  return deps.db.$transaction(async (tx) => {
    const member = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, displayName: true, timezone: true },
    });
    if (!member) throw new DomainError('NOT_FOUND', 'No member with that id.');
    const open = await tx.erasureRequest.findFirst({ where: { userId, status: 'pending' } });
    if (open) return { requestId: open.id, purgeAfter: open.purgeAfter };
    const request = await tx.erasureRequest.create({
      data: { userId, requestedById: actor.userId, reason: input.reason ?? null, requestedAt: now, purgeAfter },
    });
    await tx.user.update({ where: { id: userId }, data: { deletedAt: now, isAvailable: false } });
    await tx.userSession.deleteMany({ where: { userId } });
    const future = await tx.appointment.findMany({
      where: { status: 'scheduled', scheduledFor: { gt: now }, OR: [{ clientId: userId }, { coachId: userId }] },
      select: { id: true },
    });
    await tx.appointment.updateMany({
      where: { id: { in: future.map((a) => a.id) } },
      data: { status: 'cancelled', cancelledAt: now, cancelledBy: actor.userId, cancelReason: 'Account deleted' },
    });
    // Everyone they had sessions with, or a relationship: told what goes and when.
    const others = await tx.appointment.findMany({
      where: { OR: [{ clientId: userId }, { coachId: userId }] },
      select: { clientId: true, coachId: true },
    });
    const linked = await tx.coachClientRelationship.findMany({
      where: { OR: [{ clientId: userId }, { coachId: userId }] },
      select: { clientId: true, coachId: true },
    });
    const tell = new Set([...others, ...linked].map((p) => (p.clientId === userId ? p.coachId : p.clientId)));
    for (const otherId of tell) {
      const other = await tx.user.findUniqueOrThrow({ where: { id: otherId }, select: { timezone: true } });
      const on = formatDay(purgeAfter, { timeZone: other.timezone, now, year: 'always' });
      await tx.notification.create({
        data: {
          userId: otherId,
          type: 'member_erasure',
          title: `${member.displayName} asked for their account to be deleted`,
          message: `On ${on} their data is removed: transcripts, chat, summaries and notes of their sessions as a client. Your sessions together stay in your history with the date and length, under "Deleted member".${future.length > 0 ? ' Their upcoming sessions are cancelled.' : ''}`,
          actionUrl: '/sessions',
        },
      });
    }
    await recordAudit(tx, {
      action: 'account.erasure_requested',
      userId,
      actorId: actor.userId,
      targetId: request.id,
      metadata: { purgeAfter: purgeAfter.toISOString(), ...(input.reason ? { reason: input.reason } : {}) },
    });
    return { requestId: request.id, purgeAfter };
  });
}

/** An admin stops a deletion during the cooling-off period: the member can sign in again. */
export async function cancelErasure(deps: Deps<'db' | 'now'>, actor: UserPrincipal, input: { requestId: string }) {
  const request = await deps.db.erasureRequest.findUnique({ where: { id: input.requestId } });
  if (request?.status !== 'pending') throw new DomainError('NOT_FOUND', 'No pending deletion with that id.');
  await deps.db.$transaction(async (tx) => {
    await tx.erasureRequest.update({
      where: { id: request.id },
      data: { status: 'cancelled', cancelledAt: deps.now() },
    });
    await tx.user.update({ where: { id: request.userId }, data: { deletedAt: null } });
    await recordAudit(tx, {
      action: 'account.erasure_cancelled',
      userId: request.userId,
      actorId: actor.userId,
      targetId: request.id,
    });
  });
  return { cancelled: true };
}

/** Deletions waiting for their purge, for the admin page. */
export function pendingErasures(deps: Deps<'db'>) {
  return deps.db.erasureRequest.findMany({
    where: { status: 'pending' },
    orderBy: { purgeAfter: 'asc' },
    select: {
      id: true,
      userId: true,
      requestedAt: true,
      purgeAfter: true,
      reason: true,
      attempts: true,
      lastError: true,
      user: { select: { displayName: true, email: true } },
    },
  });
}

/**
 * The worker's purge of every deletion whose cooling-off has passed: each member in one
 * transaction by the rules of erasure-rules.ts, then their export files. A failure leaves the
 * member as they were (the transaction rolls back), counts the attempt, and the next run does
 * it all again.
 */
export async function purgeDueErasures(deps: Deps<'db' | 'now' | 'settings' | 'logger'>) {
  const due = await deps.db.erasureRequest.findMany({
    where: { status: 'pending', purgeAfter: { lte: deps.now() } },
    orderBy: { purgeAfter: 'asc' },
    select: { id: true, userId: true },
  });
  let erased = 0;
  const failed: string[] = [];
  for (const request of due) {
    try {
      const { exportIds } = await deps.db.$transaction(
        async (tx) => {
          const now = deps.now();
          const result = await eraseMember(tx, request.userId, now);
          await tx.erasureRequest.update({
            where: { id: request.id },
            data: { status: 'done', completedAt: now, attempts: { increment: 1 }, lastError: null },
          });
          await recordAudit(tx, { action: 'account.erased', userId: request.userId, targetId: request.id });
          return result;
        },
        { timeout: 120_000, maxWait: 30_000 },
      );
      for (const id of exportIds) await rm(exportFile(deps.settings.privacy.exportDir, id), { force: true });
      erased++;
    } catch (err) {
      deps.logger.error({ err, requestId: request.id }, 'erasure failed; the next run tries again');
      await deps.db.erasureRequest.update({
        where: { id: request.id },
        data: { attempts: { increment: 1 }, lastError: err instanceof Error ? err.message.slice(0, 500) : String(err) },
      });
      failed.push(request.id);
    }
  }
  if (failed.length > 0)
    throw new Error(`${failed.length} erasure(s) failed and will be retried: ${failed.join(', ')}`);
  return { erased };
}

/**
 * Retention (TRANSCRIPT_RETENTION_DAYS): transcripts and chat of sessions that ended longer ago
 * are purged by the same rule as an erasure's, keeping summaries; unset keeps them.
 */
export async function applyTranscriptRetention(deps: Deps<'db' | 'now' | 'settings'>) {
  const days = deps.settings.privacy.transcriptRetentionDays;
  if (days === null) return { purged: 0, retentionDays: null };
  const cutoff = new Date(deps.now().getTime() - days * DAY);
  const due = await deps.db.appointment.findMany({
    where: {
      OR: [
        { session: { endedAt: { lt: cutoff }, transcriptPurgedAt: null } },
        { archive: { endedAt: { lt: cutoff }, transcriptPurgedAt: null } },
      ],
    },
    select: { id: true },
    take: 500,
  });
  if (due.length === 0) return { purged: 0, retentionDays: days };
  await deps.db.$transaction(
    (tx) => purgeConversation(tx, { appointmentIds: due.map((a) => a.id), summaries: false, now: deps.now() }),
    { timeout: 120_000 },
  );
  return { purged: due.length, retentionDays: days };
}

/** An admin looks a member up by email before exporting or deleting them. */
export async function findMember(deps: Deps<'db'>, input: { email: string }) {
  const member = await deps.db.user.findFirst({
    where: { OR: [{ email: input.email }, { skoolVagusEmail: input.email }, { skoolUltraEmail: input.email }] },
    select: { id: true, displayName: true, email: true, role: true, deletedAt: true },
  });
  if (!member) throw new DomainError('NOT_FOUND', 'No member with that email.');
  return member;
}
