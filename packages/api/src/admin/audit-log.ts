import type { Db, Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import { decodeCursor, encodeCursor } from '../core/keyset-cursor';
import type { auditLogInput } from './schemas';

const person = { select: { id: true, displayName: true, email: true, role: true } } as const;

/**
 * The audit log for admins, newest first, filtered by whose data (`userId`), who acted
 * (`actorId`), action and time; keyset cursor on (createdAt, id). The people are named.
 */
export async function listAuditLog(db: Db, input: z.infer<typeof auditLogInput>) {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const where: Prisma.AuditLogWhereInput = {
    AND: [
      input.userId ? { userId: input.userId } : {},
      input.actorId ? { actorId: input.actorId } : {},
      input.action ? { action: input.action } : {},
      input.from ? { createdAt: { gte: input.from } } : {},
      input.to ? { createdAt: { lt: input.to } } : {},
      after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {},
    ],
  };
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    select: {
      id: true,
      action: true,
      createdAt: true,
      ipAddress: true,
      targetId: true,
      metadata: true,
      actorId: true,
      user: person,
    },
  });
  const page = rows.slice(0, input.limit);
  const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const actors = await db.user.findMany({ where: { id: { in: actorIds } }, ...person });
  const items = page.map(({ actorId, ...row }) => ({ ...row, actor: actors.find((a) => a.id === actorId) ?? null }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
