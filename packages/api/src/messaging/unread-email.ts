import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import { coachNameOf } from '../format';
import { emailFooter } from '../notification/email-footer';
import type { Mailer } from '../notification/mailer';
import { deliveryFor } from '../notification/preferences';
import { emailWhereWanted } from '../notification/topic-email';
import { type AccessRule, coachHasAccess } from '../relationship/access';

interface Pending {
  threadId: string;
  recipientId: string;
  coachId: string;
  clientId: string;
  upToId: bigint;
  unread: number;
}

/**
 * Emails each member about messages left unread for `afterMinutes`, once per stretch of
 * unread: nothing more until they have read up to what they were emailed about. The email
 * says who wrote and how many, never what (it is health data; the app is where it is read).
 * The claim is a conditional upsert of `emailedUpToId`, so two workers never email twice; a
 * member who wants messages in the app only is claimed and not emailed. A coach without access
 * to the client any more is not told of messages they cannot open.
 */
export async function emailUnreadMessages(
  deps: { db: Db; mailer: Mailer; logger: Logger; publicUrl: string },
  input: { now: Date; afterMinutes: number; rule: AccessRule },
): Promise<{ emailed: number }> {
  const cutoff = new Date(input.now.getTime() - input.afterMinutes * 60_000);
  const claimed = await deps.db.$transaction(async (tx) => {
    const pending = await tx.$queryRaw<Pending[]>`
      WITH unread AS (
        SELECT m."relationshipId", r."coachId", r."clientId", m.id, m."createdAt",
               CASE WHEN m."senderId" = r."coachId" THEN r."clientId" ELSE r."coachId" END AS "recipientId"
        FROM "DirectMessage" m JOIN "CoachClientRelationship" r ON r.id = m."relationshipId"
      )
      SELECT u."relationshipId" AS "threadId", u."recipientId", u."coachId", u."clientId",
             max(u.id) AS "upToId", count(*)::int AS unread
      FROM unread u
      LEFT JOIN "MessageReadState" s ON s."relationshipId" = u."relationshipId" AND s."userId" = u."recipientId"
      WHERE u.id > GREATEST(COALESCE(s."lastReadId", 0), COALESCE(s."emailedUpToId", 0))
        AND COALESCE(s."emailedUpToId", 0) <= COALESCE(s."lastReadId", 0)
        AND u."createdAt" <= ${cutoff}::timestamptz
      GROUP BY 1, 2, 3, 4`;
    const won: Pending[] = [];
    for (const p of pending) {
      const rows = await tx.$executeRaw`
        INSERT INTO "MessageReadState" ("relationshipId", "userId", "emailedUpToId", "updatedAt")
        VALUES (${p.threadId}, ${p.recipientId}, ${p.upToId}, ${input.now}::timestamptz)
        ON CONFLICT ("relationshipId", "userId") DO UPDATE
          SET "emailedUpToId" = EXCLUDED."emailedUpToId", "updatedAt" = EXCLUDED."updatedAt"
          WHERE "MessageReadState"."emailedUpToId" < EXCLUDED."emailedUpToId"
            AND "MessageReadState"."lastReadId" < EXCLUDED."emailedUpToId"`;
      if (rows > 0) won.push(p);
    }
    return won;
  });
  if (claimed.length === 0) return { emailed: 0 };

  const tellable: Pending[] = [];
  for (const p of claimed) {
    const opens =
      p.recipientId === p.clientId ||
      (await coachHasAccess(deps.db, { coachId: p.coachId, clientId: p.clientId }, input.rule));
    if (opens) tellable.push(p);
  }
  const people = await deps.db.user.findMany({
    where: { id: { in: tellable.flatMap((p) => [p.coachId, p.clientId]) } },
    select: { id: true, email: true, displayName: true, coachName: true, deletedAt: true },
  });
  const byId = new Map(people.map((u) => [u.id, u]));
  const deliveries = await deliveryFor(
    deps.db,
    tellable.map((p) => p.recipientId),
    'messages',
  );
  const mails = tellable.flatMap((p) => {
    const recipient = byId.get(p.recipientId);
    const writerId = p.recipientId === p.coachId ? p.clientId : p.coachId;
    const writer = byId.get(writerId);
    if (!recipient || !writer || recipient.deletedAt) return [];
    const writerName = writerId === p.coachId ? coachNameOf(writer) : writer.displayName;
    const count = p.unread === 1 ? 'a message' : `${p.unread} messages`;
    return [
      {
        userId: recipient.id,
        message: {
          to: recipient.email,
          subject: `${writerName} sent you ${count} on HybridCoach`,
          text: `Hello ${recipient.displayName},\n\n${writerName} sent you ${count} that you have not read yet.\n\nRead and reply: ${deps.publicUrl}/messages/${p.threadId}\n\n${emailFooter(deps.publicUrl)}`,
        },
      },
    ];
  });
  const result = await emailWhereWanted(deps, deliveries, mails);
  if (result.sent > 0) deps.logger.info(result, 'unread message emails sent');
  return { emailed: result.sent };
}
