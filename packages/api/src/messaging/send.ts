import type { Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import type { UserPrincipal } from '../core/principal';
import { type DirectMessageView, toView } from './inbox-events';
import { notifyInboxes } from './inbox-notify';
import type { sendDirectMessageInput } from './schemas';
import { threadFor } from './thread-access';
import { messageRow } from './threads';

/**
 * Takes each member's inbox lock, in a fixed order. Every message a person can see was written
 * under their lock, so its id is taken in commit order: a stream reading "after id N" never
 * skips a message that commits late.
 */
export async function lockInboxes(tx: Prisma.TransactionClient, userIds: string[]): Promise<void> {
  for (const id of [...new Set(userIds)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`inbox:${id}`}))`;
  }
}

/** Moves a member's read mark forward (never back), at most to the thread's last message. */
export async function advanceReadMark(
  tx: Prisma.TransactionClient,
  input: { threadId: string; userId: string; upToId: bigint; now: Date },
): Promise<boolean> {
  const changed = await tx.$executeRaw`
    INSERT INTO "MessageReadState" ("relationshipId", "userId", "lastReadId", "updatedAt")
    VALUES (${input.threadId}, ${input.userId},
            LEAST(${input.upToId}::bigint,
                  (SELECT COALESCE(max(id), 0) FROM "DirectMessage" WHERE "relationshipId" = ${input.threadId})),
            ${input.now}::timestamptz)
    ON CONFLICT ("relationshipId", "userId") DO UPDATE
      SET "lastReadId" = EXCLUDED."lastReadId", "updatedAt" = EXCLUDED."updatedAt"
      WHERE "MessageReadState"."lastReadId" < EXCLUDED."lastReadId"`;
  return changed > 0;
}

/** A member writes in their thread; both members' streams hear of it at commit. */
export async function sendDirectMessage(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
  input: z.infer<typeof sendDirectMessageInput>,
): Promise<DirectMessageView> {
  const { thread } = await threadFor(deps, user, input.threadId, 'write');
  const now = deps.now();
  const members = [thread.coach.id, thread.client.id];
  return deps.db.$transaction(async (tx) => {
    await lockInboxes(tx, members);
    const row = await tx.directMessage.create({
      data: { relationshipId: thread.id, senderId: user.userId, body: input.body, createdAt: now },
      select: messageRow,
    });
    // Whoever writes has read everything up to their own message.
    await advanceReadMark(tx, { threadId: thread.id, userId: user.userId, upToId: row.id, now });
    await notifyInboxes(tx, members);
    return toView(row);
  });
}

/** A member has read their thread up to a message: their other tabs and the badge hear of it. */
export async function markThreadRead(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
  input: { threadId: string; upToId: string },
): Promise<{ changed: boolean }> {
  const { role } = await threadFor(deps, user, input.threadId, 'read');
  // An admin looking in reads nobody's messages for them.
  if (role === 'admin') return { changed: false };
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const changed = await advanceReadMark(tx, {
      threadId: input.threadId,
      userId: user.userId,
      upToId: BigInt(input.upToId),
      now,
    });
    if (changed) await notifyInboxes(tx, [user.userId]);
    return { changed };
  });
}
