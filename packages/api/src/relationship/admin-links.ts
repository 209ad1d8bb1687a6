import type { Db } from '@hybridcoach/db';
import { recordAudit } from '../auth/audit';
import { DomainError } from '../core/errors';
import { type AccessRule, coachHasAccess, endRelationship, startRelationship } from './access';

/** Relationships of one person (as coach or as client), with whether each grants access now. */
export async function listRelationships(db: Db, userId: string, rule: AccessRule) {
  const rows = await db.coachClientRelationship.findMany({
    where: { OR: [{ coachId: userId }, { clientId: userId }] },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      origin: true,
      createdAt: true,
      endedAt: true,
      coach: { select: { id: true, displayName: true } },
      client: { select: { id: true, displayName: true } },
    },
  });
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      grantsAccess: await coachHasAccess(db, { coachId: r.coach.id, clientId: r.client.id }, rule),
    })),
  );
}

/** An admin links a coach and a client: the coach gets access for the access period. */
export async function linkCoachAndClient(
  db: Db,
  input: { coachId: string; clientId: string; actorId: string; now: Date },
) {
  const [coach, client] = await Promise.all([
    db.user.findFirst({ where: { id: input.coachId, role: 'coach', deletedAt: null }, select: { id: true } }),
    db.user.findFirst({ where: { id: input.clientId, role: 'client', deletedAt: null }, select: { id: true } }),
  ]);
  if (!coach) throw new DomainError('NOT_FOUND', 'No coach with that id.', { field: 'coachId' });
  if (!client) throw new DomainError('NOT_FOUND', 'No client with that id.', { field: 'clientId' });
  await startRelationship(db, { ...input, origin: 'admin' });
  await recordAudit(db, {
    action: 'relationship.linked',
    actorId: input.actorId,
    userId: input.clientId,
    targetId: input.coachId,
  });
  return { linked: true };
}

/** An admin ends a relationship; NOT_FOUND when there is no live one. */
export async function unlinkCoachAndClient(
  db: Db,
  input: { coachId: string; clientId: string; actorId: string; now: Date },
) {
  if (!(await endRelationship(db, input))) throw new DomainError('NOT_FOUND', 'These two have no relationship to end.');
  await recordAudit(db, {
    action: 'relationship.ended',
    actorId: input.actorId,
    userId: input.clientId,
    targetId: input.coachId,
  });
  return { ended: true };
}
