import type { Db, Prisma } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import type { UserPrincipal } from '../core/principal';
import { coachNameOf } from '../format';
import { type AccessRule, accessRule, clientsWithAccess, coachHasAccess } from '../relationship/access';
import { type DirectMessageView, toView } from './inbox-events';

/**
 * The threads a person reads as a member: every one where they are the client (a closed one
 * stays readable), and those where they are the coach and still have access to the client.
 */
export async function memberThreadIds(db: Db, userId: string, rule: AccessRule): Promise<string[]> {
  const [asClient, coached] = await Promise.all([
    db.coachClientRelationship.findMany({ where: { clientId: userId }, select: { id: true } }),
    clientsWithAccess(db, userId, rule),
  ]);
  const asCoach =
    coached.length === 0
      ? []
      : await db.coachClientRelationship.findMany({
          where: { coachId: userId, clientId: { in: coached } },
          select: { id: true },
        });
  return [...asClient, ...asCoach].map((r) => r.id);
}

/** Unread messages (from the other member, after the reader's mark) per thread, in one query. */
export async function unreadByThread(db: Db, userId: string, threadIds: string[]): Promise<Record<string, number>> {
  if (threadIds.length === 0) return {};
  const rows = await db.$queryRaw<{ threadId: string; unread: number }[]>`
    SELECT m."relationshipId" AS "threadId", count(*)::int AS unread
    FROM "DirectMessage" m
    LEFT JOIN "MessageReadState" s ON s."relationshipId" = m."relationshipId" AND s."userId" = ${userId}
    WHERE m."relationshipId" = ANY(${threadIds}::text[]) AND m."senderId" <> ${userId}
      AND m.id > COALESCE(s."lastReadId", 0)
    GROUP BY m."relationshipId"`;
  return Object.fromEntries(rows.map((r) => [r.threadId, r.unread]));
}

export interface UnreadSummary {
  total: number;
  threads: Record<string, number>;
}

/** What the header badge shows: unread messages in all of a person's threads. */
export async function unreadSummary(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
): Promise<UnreadSummary> {
  const ids = await memberThreadIds(deps.db, user.userId, accessRule(deps.settings, deps.now()));
  const threads = await unreadByThread(deps.db, user.userId, ids);
  return { total: Object.values(threads).reduce((sum, n) => sum + n, 0), threads };
}

export interface ThreadSummary {
  id: string;
  /** The caller's side of it. */
  role: 'coach' | 'client';
  other: { id: string; name: string; profilePhotoPath: string | null };
  lastMessage: (DirectMessageView & { fromMe: boolean }) | null;
  unread: number;
  canSend: boolean;
}

/**
 * A member's threads, the most recent conversation first (threads without messages after, by
 * name). Admins are members of none; they open a client's thread from the client's page.
 */
export async function listThreads(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
): Promise<ThreadSummary[]> {
  const rule = accessRule(deps.settings, deps.now());
  const ids = await memberThreadIds(deps.db, user.userId, rule);
  if (ids.length === 0) return [];
  const person = { select: { id: true, displayName: true, coachName: true, profilePhotoPath: true } } as const;
  const [relationships, last, unread] = await Promise.all([
    deps.db.coachClientRelationship.findMany({
      where: { id: { in: ids } },
      select: { id: true, coachId: true, clientId: true, coach: person, client: person },
    }),
    deps.db.$queryRaw<{ id: bigint; relationshipId: string; senderId: string; body: string; createdAt: Date }[]>`
      SELECT DISTINCT ON ("relationshipId") id, "relationshipId", "senderId", body, "createdAt"
      FROM "DirectMessage" WHERE "relationshipId" = ANY(${ids}::text[])
      ORDER BY "relationshipId", id DESC`,
    unreadByThread(deps.db, user.userId, ids),
  ]);
  const lastBy = new Map(last.map((m) => [m.relationshipId, m]));
  const summaries = await Promise.all(
    relationships.map(async (r): Promise<ThreadSummary> => {
      const role = r.clientId === user.userId ? 'client' : 'coach';
      const other =
        role === 'client' ? { ...r.coach, name: coachNameOf(r.coach) } : { ...r.client, name: r.client.displayName };
      const message = lastBy.get(r.id);
      return {
        id: r.id,
        role,
        other: { id: other.id, name: other.name, profilePhotoPath: other.profilePhotoPath },
        lastMessage: message ? { ...toView(message), fromMe: message.senderId === user.userId } : null,
        unread: unread[r.id] ?? 0,
        // A coach's threads are all open (they have access); a client's, while the coach has.
        canSend:
          role === 'coach' || (await coachHasAccess(deps.db, { coachId: r.coachId, clientId: r.clientId }, rule)),
      };
    }),
  );
  const recency = (t: ThreadSummary) => (t.lastMessage ? BigInt(t.lastMessage.id) : -1n);
  return summaries.sort((a, b) => {
    const byRecency = recency(b) - recency(a);
    return byRecency > 0n ? 1 : byRecency < 0n ? -1 : a.other.name.localeCompare(b.other.name);
  });
}

export const messageRow = {
  id: true,
  relationshipId: true,
  senderId: true,
  body: true,
  createdAt: true,
} satisfies Prisma.DirectMessageSelect;
