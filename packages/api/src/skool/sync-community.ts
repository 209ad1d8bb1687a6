import type { Community, Db, Prisma } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import { type AppliedPlan, applySyncPlan } from './apply-plan';
import { listedUserIds, loadKnownUsers, lockSkoolSync } from './known-users';
import type { MemberSnapshot } from './member-snapshot';
import { planFingerprint } from './plan-fingerprint';
import { diffSnapshot, type SyncCounts, type SyncPlan, wouldCancelShare } from './skool-diff';
import type { SkoolSourceName } from './sources';
import type { SkoolSyncSettings } from './sync-settings';

export interface SyncInput {
  snapshot: MemberSnapshot;
  source: SkoolSourceName;
  settings: SkoolSyncSettings;
  adminEmails: ReadonlySet<string>;
  now: Date;
  /** The admin who applied it (audit); null for scheduled syncs. */
  actorId?: string | null;
  /** An admin saw the preview and accepts more cancellations than `maxCancelShare`. */
  allowMassCancellation?: boolean;
  /** Apply only if the plan is still the one previewed (`planFingerprint`). */
  expectedFingerprint?: string;
  /** Extra facts for the log's details (the sync request, the file name…). */
  context?: Record<string, string | number | null>;
}

/** What a sync did, shaped for the admin pages as much as for the worker's logs. */
export interface SyncOutcome {
  status: 'applied' | 'refused';
  logId: number;
  community: Community;
  source: SkoolSourceName;
  counts: SyncCounts;
  duplicatesMerged: number;
  skipped: number;
  /** Share (0–1) of active members the snapshot moves off active. */
  cancelShare: number;
  durationMs: number;
  /** Why it was refused; null when applied. */
  message: string | null;
}

/**
 * Makes users agree with a full snapshot of one community: diff, safety check, batched writes,
 * and the SkoolMonitoringLog row, all in one transaction under the Skool lock. A snapshot that
 * would cancel more than `maxCancelShare` of the active members changes nothing and is logged
 * as a failure. An unexpected failure is logged too, then rethrown (the job retries it).
 */
export async function syncSnapshot(db: Db, input: SyncInput): Promise<SyncOutcome> {
  const started = performance.now();
  const { snapshot, source } = input;
  const elapsed = () => Math.round(performance.now() - started);
  try {
    return await db.$transaction(
      async (tx) => {
        await lockSkoolSync(tx);
        const users = await loadKnownUsers(tx);
        const plan = diffSnapshot(snapshot, users, {
          now: input.now,
          gracePeriodDays: input.settings.gracePeriodDays,
          adminEmails: input.adminEmails,
        });
        if (input.expectedFingerprint !== undefined && planFingerprint(plan) !== input.expectedFingerprint) {
          // The previewed plan is no longer what applying would do.
          throw new DomainError(
            'CONFLICT',
            'The members changed since this preview (another sync ran). Preview the file again.',
          );
        }
        const cancelShare = wouldCancelShare(plan, users, snapshot.community);
        if (cancelShare > input.settings.maxCancelShare && !input.allowMassCancellation) {
          const message = refusalMessage(plan, cancelShare, input.settings.maxCancelShare);
          const logId = await writeLog(tx, input, { plan, cancelShare, durationMs: elapsed(), error: message });
          return outcome('refused', logId, input, plan, cancelShare, elapsed(), message);
        }
        const applied = await applySyncPlan(tx, plan, {
          previousRoles: new Map(users.map((u) => [u.id, u.role])),
          listedUserIds: listedUserIds(users, snapshot.members),
          takenAt: snapshot.takenAt,
          now: input.now,
          actorId: input.actorId ?? null,
          adminEmails: input.adminEmails,
        });
        const logId = await writeLog(tx, input, { plan, cancelShare, durationMs: elapsed(), applied });
        return outcome('applied', logId, input, plan, cancelShare, elapsed(), null);
      },
      // A first import of tens of thousands of members takes a few seconds, not Prisma's 5 s default.
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (err) {
    if (err instanceof DomainError) throw err;
    await writeFailure(db, {
      community: snapshot.community,
      source,
      membersFound: snapshot.members.length,
      durationMs: elapsed(),
      now: input.now,
      error: `The sync failed: ${err instanceof Error ? err.message : String(err)}`,
    });
    throw err;
  }
}

/** A source that could not be read (a malformed CSV, an endpoint that failed) is a failed sync too. */
export async function writeFailure(
  db: Db | Prisma.TransactionClient,
  failure: {
    community: Community;
    source: SkoolSourceName;
    membersFound?: number;
    durationMs: number;
    error: string;
    now?: Date;
  },
): Promise<number> {
  const row = await db.skoolMonitoringLog.create({
    data: {
      community: failure.community,
      source: failure.source,
      membersFound: failure.membersFound ?? 0,
      newMembers: 0,
      cancelledMembers: 0,
      syncDurationMs: failure.durationMs,
      success: false,
      // Long problem lists (a CSV with 50 bad lines) stay readable in a table cell.
      errorMessage: failure.error.slice(0, 4000),
      executedAt: failure.now ?? new Date(),
    },
    select: { id: true },
  });
  return row.id;
}

function refusalMessage(plan: SyncPlan, share: number, max: number): string {
  const leaving = plan.statusChanges.filter((c) => c.previousStatus === 'active' && c.newStatus !== 'active').length;
  const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return (
    `Refused: this snapshot would cancel ${leaving} active ${plan.community} members at once (${percent(share)}), ` +
    `more than the ${percent(max)} allowed (SKOOL_MAX_CANCEL_SHARE). Nothing was changed. Check that the source ` +
    'lists every member; if the cancellations are real, apply the CSV from its preview and accept them.'
  );
}

async function writeLog(
  tx: Prisma.TransactionClient,
  input: SyncInput,
  result: { plan: SyncPlan; cancelShare: number; durationMs: number; applied?: AppliedPlan; error?: string },
): Promise<number> {
  const { counts } = result.plan;
  const details: Prisma.InputJsonObject = {
    reactivatedMembers: counts.reactivatedMembers,
    expiredMembers: counts.expiredMembers,
    emailChanges: counts.emailChanges,
    unchanged: counts.unchanged,
    duplicatesMerged: input.snapshot.duplicatesMerged,
    skipped: result.plan.skipped.length,
    skippedSample: result.plan.skipped.slice(0, 20).map((s) => ({ email: s.email, reason: s.reason })),
    cancelShare: Math.round(result.cancelShare * 10_000) / 10_000,
    created: result.applied?.created ?? 0,
    notCreated: result.applied?.notCreated.slice(0, 20) ?? [],
    updated: result.applied?.updated ?? 0,
    takenAt: input.snapshot.takenAt.toISOString(),
    actorId: input.actorId ?? null,
    ...input.context,
  };
  const row = await tx.skoolMonitoringLog.create({
    data: {
      community: input.snapshot.community,
      source: input.source,
      membersFound: counts.membersFound,
      newMembers: counts.newMembers,
      cancelledMembers: counts.cancelledMembers,
      syncDurationMs: result.durationMs,
      success: result.error === undefined,
      errorMessage: result.error ?? null,
      executedAt: input.now,
      details,
    },
    select: { id: true },
  });
  return row.id;
}

function outcome(
  status: SyncOutcome['status'],
  logId: number,
  input: SyncInput,
  plan: SyncPlan,
  cancelShare: number,
  durationMs: number,
  message: string | null,
): SyncOutcome {
  return {
    status,
    logId,
    community: input.snapshot.community,
    source: input.source,
    counts: plan.counts,
    duplicatesMerged: input.snapshot.duplicatesMerged,
    skipped: plan.skipped.length,
    cancelShare,
    durationMs,
    message,
  };
}
