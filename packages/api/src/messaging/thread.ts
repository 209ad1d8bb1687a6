import type { z } from 'zod';
import type { Deps } from '../core/context';
import type { UserPrincipal } from '../core/principal';
import { type DirectMessageView, toView } from './inbox-events';
import type { threadInput } from './schemas';
import { type ThreadAccess, threadFor } from './thread-access';
import { messageRow } from './threads';

export interface ThreadPage extends ThreadAccess {
  /** Oldest first. */
  messages: DirectMessageView[];
  /** Older messages exist: ask again with `before` the first one's id. */
  hasMore: boolean;
  /** The caller's read mark (a member's; "0" for an admin looking in). */
  lastReadId: string;
}

/** A page of a thread's messages, newest page first, each page oldest first. */
export async function readThread(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
  input: z.infer<typeof threadInput>,
): Promise<ThreadPage> {
  const access = await threadFor(deps, user, input.threadId, 'read');
  const [rows, mark] = await Promise.all([
    deps.db.directMessage.findMany({
      where: { relationshipId: input.threadId, ...(input.before ? { id: { lt: BigInt(input.before) } } : {}) },
      orderBy: { id: 'desc' },
      take: input.limit + 1,
      select: messageRow,
    }),
    deps.db.messageReadState.findUnique({
      where: { relationshipId_userId: { relationshipId: input.threadId, userId: user.userId } },
      select: { lastReadId: true },
    }),
  ]);
  return {
    ...access,
    messages: rows.slice(0, input.limit).reverse().map(toView),
    hasMore: rows.length > input.limit,
    lastReadId: (mark?.lastReadId ?? 0n).toString(),
  };
}
