import type { Community, Db, Prisma, SubscriptionStatus } from '@hybridcoach/db';
import { COMMUNITIES } from '../skool/known-users';
import type { SyncRequestView } from '../skool/sync-requests';

export interface SyncLogView {
  id: number;
  community: Community;
  source: string | null;
  membersFound: number;
  newMembers: number;
  cancelledMembers: number;
  syncDurationMs: number;
  success: boolean;
  errorMessage: string | null;
  executedAt: Date;
  /** Further counts: reactivatedMembers, expiredMembers, emailChanges, skipped, duplicatesMerged… */
  details: Prisma.JsonValue | null;
}

export interface Page<T, C> {
  items: T[];
  nextCursor: C | null;
}

export async function listSyncLogs(
  db: Db,
  input: { community?: Community; source?: string; success?: boolean; limit: number; cursor?: number | null },
): Promise<Page<SyncLogView, number>> {
  const rows = await db.skoolMonitoringLog.findMany({
    where: {
      community: input.community,
      source: input.source,
      success: input.success,
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    // Ids grow with time; paging by id is stable while new syncs are logged.
    orderBy: { id: 'desc' },
    take: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export interface MembershipChangeView {
  id: string;
  community: Community;
  previousStatus: SubscriptionStatus | null;
  newStatus: SubscriptionStatus;
  changeDetectedAt: Date;
  user: { id: string; displayName: string; email: string; deleted: boolean };
}

export async function listMembershipHistory(
  db: Db,
  input: { userId?: string; community?: Community; limit: number; cursor?: string | null },
): Promise<Page<MembershipChangeView, string>> {
  const rows = await db.membershipStatusHistory.findMany({
    where: { userId: input.userId, community: input.community },
    orderBy: [{ changeDetectedAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      community: true,
      previousStatus: true,
      newStatus: true,
      changeDetectedAt: true,
      user: { select: { id: true, displayName: true, email: true, deletedAt: true } },
    },
  });
  const items = rows.slice(0, input.limit).map(({ user: { deletedAt, ...user }, ...row }) => ({
    ...row,
    user: { ...user, deleted: deletedAt !== null },
  }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export interface CommunityOverview {
  community: Community;
  activeMembers: number;
  /** Cancelled, with the grace period still running. */
  inGrace: number;
  /** Cancelled with the grace period over, or removed. */
  lapsed: number;
  lastSync: SyncLogView | null;
  lastSuccessAt: Date | null;
  openRequest: SyncRequestView | null;
}

/** One card per community for the admin's Skool page. */
export async function skoolOverview(db: Db, now: Date): Promise<CommunityOverview[]> {
  return Promise.all(
    COMMUNITIES.map(async (community) => {
      const status = community === 'ultra' ? 'ultraSubscriptionStatus' : 'vagusSubscriptionStatus';
      const alive = { deletedAt: null };
      const [activeMembers, inGrace, lapsed, lastSync, lastSuccess, openRequest] = await Promise.all([
        db.user.count({ where: { ...alive, [status]: 'active' } }),
        db.user.count({ where: { ...alive, [status]: 'cancelled', membershipEndDate: { gt: now } } }),
        db.user.count({
          where: {
            ...alive,
            OR: [
              { [status]: 'expired' },
              { [status]: 'cancelled', OR: [{ membershipEndDate: null }, { membershipEndDate: { lte: now } }] },
            ],
          },
        }),
        db.skoolMonitoringLog.findFirst({ where: { community }, orderBy: { id: 'desc' } }),
        db.skoolMonitoringLog.findFirst({
          where: { community, success: true },
          orderBy: { id: 'desc' },
          select: { executedAt: true },
        }),
        db.skoolSyncRequest.findFirst({
          where: { community, status: { in: ['pending', 'queued', 'running'] } },
          orderBy: { requestedAt: 'desc' },
        }),
      ]);
      return {
        community,
        activeMembers,
        inGrace,
        lapsed,
        lastSync,
        lastSuccessAt: lastSuccess?.executedAt ?? null,
        openRequest,
      };
    }),
  );
}
