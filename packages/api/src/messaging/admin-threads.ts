import type { Db } from '@hybridcoach/db';
import { coachNameOf } from '../format';

export interface ThreadOverview {
  id: string;
  coach: { id: string; name: string };
  client: { id: string; name: string };
  messages: number;
  lastMessageAt: Date;
}

/**
 * For admins: the conversations that have messages, most recent first, without a word of them
 * (opening one is the audited read). At most `limit`.
 */
export async function threadOverview(db: Db, limit = 100): Promise<ThreadOverview[]> {
  const rows = await db.$queryRaw<{ id: string; messages: number; lastMessageAt: Date }[]>`
    SELECT "relationshipId" AS id, count(*)::int AS messages, max("createdAt") AS "lastMessageAt"
    FROM "DirectMessage" GROUP BY "relationshipId" ORDER BY max(id) DESC LIMIT ${limit}`;
  const person = { select: { id: true, displayName: true, coachName: true } } as const;
  const relationships = await db.coachClientRelationship.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    select: { id: true, coach: person, client: person },
  });
  const byId = new Map(relationships.map((r) => [r.id, r]));
  return rows.flatMap((row) => {
    const r = byId.get(row.id);
    if (!r) return [];
    return [
      {
        ...row,
        coach: { id: r.coach.id, name: coachNameOf(r.coach) },
        client: { id: r.client.id, name: r.client.displayName },
      },
    ];
  });
}
