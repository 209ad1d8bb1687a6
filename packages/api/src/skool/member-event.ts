import type { Community, Db, SubscriptionStatus } from '@hybridcoach/db';
import { z } from 'zod';
import { applySyncPlan } from './apply-plan';
import { loadUsersMatching, lockSkoolSync, type SyncedUser } from './known-users';
import { memberJsonSchema, toSkoolMember } from './member-json';
import type { SkoolMember } from './member-snapshot';
import { diffSnapshot } from './skool-diff';
import type { SkoolSyncSettings } from './sync-settings';

export const MEMBER_EVENT_TYPES = [
  'member.joined',
  'member.reactivated',
  'member.cancelled',
  'member.removed',
  'member.updated',
] as const;
export type MemberEventType = (typeof MEMBER_EVENT_TYPES)[number];

/** One member's change in one community, as a signed webhook delivers it. */
export interface MemberEvent {
  /** The sender's id for the event: a second delivery with the same id is a replay. */
  id: string;
  type: MemberEventType;
  community: Community;
  occurredAt: Date;
  member: SkoolMember;
}

/** The status each event type means; `member.updated` says it in `member.status`. */
const STATUS_OF: Record<MemberEventType, SubscriptionStatus | null> = {
  'member.joined': 'active',
  'member.reactivated': 'active',
  'member.cancelled': 'cancelled',
  'member.removed': 'expired',
  'member.updated': null,
};

/** The JSON body of a Skool webhook (documented in packages/api/README). */
export const memberEventSchema = z
  .object({
    id: z.string().trim().min(1).max(200),
    type: z.enum(MEMBER_EVENT_TYPES),
    community: z.enum(['ultra', 'vagus']),
    occurredAt: z.iso.datetime({ offset: true }),
    member: memberJsonSchema,
  })
  .transform((event, ctx): MemberEvent => {
    const status = STATUS_OF[event.type] ?? event.member.status;
    if (!status) {
      ctx.addIssue({ code: 'custom', path: ['member', 'status'], message: 'member.updated needs member.status' });
      return z.NEVER;
    }
    const member = toSkoolMember(event.member, status);
    if (!member.ok) {
      for (const issue of member.issues) {
        ctx.addIssue({ code: 'custom', path: ['member', ...issue.path], message: issue.message });
      }
      return z.NEVER;
    }
    return {
      id: event.id,
      type: event.type,
      community: event.community,
      occurredAt: new Date(event.occurredAt),
      member: member.member,
    };
  });

export type MemberEventOutcome = 'applied' | 'unchanged' | 'stale' | 'replayed';

export interface AppliedMemberEvent {
  outcome: MemberEventOutcome;
  userId: string | null;
  /** The SkoolMonitoringLog row, when the event changed something. */
  logId: number | null;
}

/**
 * Applies one member's change, once per event id: the event is recorded and applied in one
 * transaction, so a replay (same id) changes nothing and a failure leaves no trace to block
 * the sender's retry. An event older than the member's last full sync is stale: that snapshot
 * already said what is true now.
 */
export async function applyMemberEvent(
  db: Db,
  event: MemberEvent,
  options: { settings: SkoolSyncSettings; adminEmails: ReadonlySet<string>; now: Date },
): Promise<AppliedMemberEvent> {
  const started = performance.now();
  return db.$transaction(async (tx) => {
    await lockSkoolSync(tx);
    const recorded = await tx.$executeRaw`
      INSERT INTO "SkoolWebhookEvent" (id, community, type, email, "occurredAt", "receivedAt", outcome)
      VALUES (${event.id}, ${event.community}::"Community", ${event.type}, ${event.member.email},
              ${event.occurredAt}::timestamptz, ${options.now}::timestamptz, 'received')
      ON CONFLICT (id) DO NOTHING`;
    if (recorded === 0) return { outcome: 'replayed', userId: null, logId: null };

    const user = bestMatch(await loadUsersMatching(tx, event.member.email), event);
    const finish = async (outcome: MemberEventOutcome, logId: number | null): Promise<AppliedMemberEvent> => {
      await tx.skoolWebhookEvent.update({ where: { id: event.id }, data: { outcome } });
      return { outcome, userId: user?.id ?? null, logId };
    };
    if (user?.lastSkoolSync && user.lastSkoolSync > event.occurredAt) return finish('stale', null);

    const snapshot = {
      community: event.community,
      takenAt: event.occurredAt,
      members: [event.member],
      duplicatesMerged: 0,
    };
    const plan = diffSnapshot(snapshot, user ? [user] : [], {
      now: options.now,
      gracePeriodDays: options.settings.gracePeriodDays,
      adminEmails: options.adminEmails,
    });
    const changes = plan.create.length + plan.updates.length;
    await applySyncPlan(tx, plan, {
      previousRoles: new Map(user ? [[user.id, user.role]] : []),
      listedUserIds: user ? [user.id] : [],
      takenAt: event.occurredAt,
      now: options.now,
      actorId: null,
      adminEmails: options.adminEmails,
    });
    if (changes === 0) return finish('unchanged', null);
    const log = await tx.skoolMonitoringLog.create({
      data: {
        community: event.community,
        source: 'webhook',
        membersFound: 1,
        newMembers: plan.counts.newMembers,
        cancelledMembers: plan.counts.cancelledMembers,
        syncDurationMs: Math.round(performance.now() - started),
        success: true,
        executedAt: options.now,
        details: { eventId: event.id, type: event.type, email: event.member.email, ...plan.counts },
      },
      select: { id: true },
    });
    const created = user
      ? null
      : await tx.user.findUnique({ where: { email: event.member.email }, select: { id: true } });
    const result = await finish('applied', log.id);
    return { ...result, userId: user?.id ?? created?.id ?? null };
  });
}

/**
 * The one user an event is about, matched in the diff's order (this community's Skool email,
 * the sign-in email, the other community's Skool email). Passing only that user keeps the diff
 * from reading other matches as "no longer listed" and cancelling them.
 */
function bestMatch(users: readonly SyncedUser[], event: MemberEvent): SyncedUser | null {
  const email = event.member.email;
  const same = (value: string | null) => value?.trim().toLowerCase() === email;
  const own = event.community === 'ultra' ? 'skoolUltraEmail' : 'skoolVagusEmail';
  const other = event.community === 'ultra' ? 'skoolVagusEmail' : 'skoolUltraEmail';
  return (
    users.find((u) => same(u[own])) ?? users.find((u) => same(u.email)) ?? users.find((u) => same(u[other])) ?? null
  );
}
