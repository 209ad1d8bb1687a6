import type { Db, Prisma } from '@hybridcoach/db';

export type AuditAction =
  | 'admin.setup'
  | 'auth.code_requested'
  | 'auth.sign_in'
  | 'auth.sign_out'
  | 'auth.session_revoked'
  | 'auth.sign_in_refused'
  | 'role.changed'
  | 'coach.level_changed'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'data.read'
  | 'relationship.linked'
  | 'relationship.ended'
  | 'skool.email_changed'
  | 'payment.refund_requested'
  | 'account.erasure_requested'
  | 'account.erasure_cancelled'
  | 'account.erased';

/** Security-relevant events, kept when the user goes (AuditLog.userId becomes null). */
export async function recordAudit(
  db: Db | Prisma.TransactionClient,
  entry: {
    action: AuditAction;
    userId?: string | null;
    actorId?: string | null;
    targetId?: string | null;
    ip?: string | null;
    userAgent?: string | null;
    metadata?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await db.auditLog.create({
    data: {
      action: entry.action,
      userId: entry.userId ?? null,
      actorId: entry.actorId ?? entry.userId ?? null,
      targetId: entry.targetId ?? null,
      ipAddress: entry.ip ?? null,
      userAgent: entry.userAgent ?? null,
      metadata: entry.metadata,
    },
  });
}
