import type { Community, Db, Prisma } from '@hybridcoach/db';
import { z } from 'zod';
import { DomainError } from '../core/errors';
import { loadKnownUsers } from './known-users';
import { parseMembersCsv } from './member-csv';
import { type MemberSnapshot, skoolMemberSchema } from './member-snapshot';
import { describePlanChanges, type MemberChange, type MemberChangeKind } from './plan-changes';
import { planFingerprint } from './plan-fingerprint';
import { diffSnapshot, type KnownUser, type SyncCounts, type SyncPlan, wouldCancelShare } from './skool-diff';
import { type SyncOutcome, syncSnapshot } from './sync-community';
import type { SkoolSyncSettings } from './sync-settings';

/** Long enough to read a preview and decide; short enough that it is not applied to a stale state. */
export const PREVIEW_TTL_MS = 60 * 60_000;

export interface PolicyInput {
  settings: SkoolSyncSettings;
  adminEmails: ReadonlySet<string>;
  now: Date;
}

export interface CsvPreview {
  previewId: string;
  community: Community;
  fileName: string | null;
  createdAt: Date;
  expiresAt: Date;
  counts: SyncCounts & { duplicatesMerged: number; skipped: number; toCreate: number; toUpdate: number };
  /** Share (0–1) of active members the file would move off active. */
  cancelShare: number;
  maxCancelShare: number;
  /** Applying needs `allowMassCancellation`: the file cancels more than the allowed share. */
  wouldBeRefused: boolean;
  /** The first page of per-member changes (creations, then updates, then skipped). */
  changes: MemberChange[];
  changesTotal: number;
}

/**
 * Reads an uploaded members CSV and stores what applying it would change, without changing
 * anything. A malformed CSV throws `MembersCsvError` (every problem with its line) and stores nothing.
 */
export async function previewMembersCsv(
  db: Db,
  input: PolicyInput & {
    csv: string;
    community: Community;
    fileName: string | null;
    actorId: string | null;
    pageSize: number;
  },
): Promise<CsvPreview> {
  const snapshot = parseMembersCsv(input.csv, input.community, input.now);
  const { plan, users } = await planFor(db, snapshot, input);
  const cancelShare = wouldCancelShare(plan, users, snapshot.community);
  const counts = previewCounts(plan, snapshot);
  const row = await db.skoolSyncPreview.create({
    data: {
      community: snapshot.community,
      takenAt: snapshot.takenAt,
      members: snapshot.members.map((m) => ({ ...m, joinedAt: m.joinedAt?.toISOString() ?? null })),
      duplicatesMerged: snapshot.duplicatesMerged,
      fileName: input.fileName,
      fingerprint: planFingerprint(plan),
      counts: { ...counts, cancelShare } satisfies Prisma.InputJsonObject,
      createdById: input.actorId,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + PREVIEW_TTL_MS),
    },
    select: { id: true, createdAt: true, expiresAt: true },
  });
  const changes = describePlanChanges(plan, users);
  return {
    previewId: row.id,
    community: snapshot.community,
    fileName: input.fileName,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    counts,
    cancelShare,
    maxCancelShare: input.settings.maxCancelShare,
    wouldBeRefused: cancelShare > input.settings.maxCancelShare,
    changes: changes.slice(0, input.pageSize),
    changesTotal: changes.length,
  };
}

/** A page of a preview's per-member changes, diffed again against the users as they are now. */
export async function previewChanges(
  db: Db,
  input: PolicyInput & { previewId: string; offset: number; limit: number; kind: MemberChangeKind | null },
): Promise<{ changes: MemberChange[]; total: number; stillCurrent: boolean }> {
  const preview = await loadPreview(db, input.previewId, input.now);
  const { plan, users } = await planFor(db, preview.snapshot, input);
  const all = describePlanChanges(plan, users).filter((c) => input.kind === null || c.kind === input.kind);
  return {
    changes: all.slice(input.offset, input.offset + input.limit),
    total: all.length,
    stillCurrent: planFingerprint(plan) === preview.fingerprint,
  };
}

/**
 * Applies a previewed CSV, provided the plan is still the one previewed (else CONFLICT: preview
 * again). A refusal by the safety check is an outcome, not an error: the admin may accept it.
 */
export async function applyCsvPreview(
  db: Db,
  input: PolicyInput & { previewId: string; actorId: string | null; allowMassCancellation: boolean },
): Promise<SyncOutcome> {
  const preview = await loadPreview(db, input.previewId, input.now);
  const outcome = await syncSnapshot(db, {
    snapshot: preview.snapshot,
    source: 'csv-upload',
    settings: input.settings,
    adminEmails: input.adminEmails,
    now: input.now,
    actorId: input.actorId,
    allowMassCancellation: input.allowMassCancellation,
    expectedFingerprint: preview.fingerprint,
    context: { previewId: preview.id, fileName: preview.fileName },
  });
  if (outcome.status === 'applied') {
    await db.skoolSyncPreview.updateMany({
      where: { id: preview.id, appliedAt: null },
      data: { appliedAt: input.now, logId: outcome.logId },
    });
  }
  return outcome;
}

const storedMembers = z.array(skoolMemberSchema.extend({ joinedAt: z.coerce.date().nullable() }));

async function loadPreview(db: Db, previewId: string, now: Date) {
  const row = await db.skoolSyncPreview.findUnique({ where: { id: previewId } });
  if (!row) throw new DomainError('NOT_FOUND', 'No preview with that id. Upload the file again.');
  if (row.appliedAt) throw new DomainError('CONFLICT', 'This preview has already been applied.');
  if (row.expiresAt <= now) {
    throw new DomainError('BAD_REQUEST', 'This preview has expired. Upload the file again.');
  }
  const snapshot: MemberSnapshot = {
    community: row.community,
    takenAt: row.takenAt,
    members: storedMembers.parse(row.members),
    duplicatesMerged: row.duplicatesMerged,
  };
  return { id: row.id, fileName: row.fileName, fingerprint: row.fingerprint, snapshot };
}

async function planFor(
  db: Db,
  snapshot: MemberSnapshot,
  policy: PolicyInput,
): Promise<{ plan: SyncPlan; users: KnownUser[] }> {
  const users = await loadKnownUsers(db);
  const plan = diffSnapshot(snapshot, users, {
    now: policy.now,
    gracePeriodDays: policy.settings.gracePeriodDays,
    adminEmails: policy.adminEmails,
  });
  return { plan, users };
}

function previewCounts(plan: SyncPlan, snapshot: MemberSnapshot): CsvPreview['counts'] {
  return {
    ...plan.counts,
    duplicatesMerged: snapshot.duplicatesMerged,
    skipped: plan.skipped.length,
    toCreate: plan.create.length,
    toUpdate: plan.updates.length,
  };
}
