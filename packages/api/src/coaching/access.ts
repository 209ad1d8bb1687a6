import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { accessRule, coachHasAccess } from '../relationship/access';

type AccessDeps = Deps<'db' | 'now' | 'settings'>;

/**
 * The coach of the relationship, and only them: private notes, recap drafts, progress and
 * homework are written (and notes and drafts read) by the coach who has access to the client now
 * (relationship/access.ts). The same refusal whether or not the client exists.
 */
export async function assertCoachOf(deps: AccessDeps, user: UserPrincipal, clientId: string): Promise<void> {
  if (
    user.role === 'coach' &&
    (await coachHasAccess(deps.db, { coachId: user.userId, clientId }, accessRule(deps.settings, deps.now())))
  )
    return;
  throw new DomainError('FORBIDDEN', 'Only the coach of this client can do that.');
}

/**
 * Whose coaching record (goals, homework) a reader asks for: a client reads their own (no id,
 * or their own id); a coach names a client of theirs.
 */
export async function readableClient(
  deps: AccessDeps,
  user: UserPrincipal,
  clientId: string | undefined,
): Promise<{ clientId: string; as: 'client' | 'coach' }> {
  if (user.role === 'client') {
    if (clientId && clientId !== user.userId)
      throw new DomainError('FORBIDDEN', 'You can only see your own goals and homework.');
    return { clientId: user.userId, as: 'client' };
  }
  if (!clientId) throw new DomainError('BAD_REQUEST', 'Which client?', { field: 'clientId' });
  await assertCoachOf(deps, user, clientId);
  return { clientId, as: 'coach' };
}

/** An appointment of this coach with this client, for tying a note, progress or homework to it. */
export async function assertSessionOf(
  deps: Deps<'db'>,
  input: { appointmentId: string; coachId: string; clientId: string },
): Promise<void> {
  const found = await deps.db.appointment.count({
    where: { id: input.appointmentId, coachId: input.coachId, clientId: input.clientId },
  });
  if (found === 0)
    throw new DomainError('BAD_REQUEST', 'is not a session of this coach with this client', { field: 'appointmentId' });
}
