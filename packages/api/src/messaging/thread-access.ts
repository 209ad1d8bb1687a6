import { recordHealthDataRead } from '../auth/data-reads';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { coachNameOf } from '../format';
import { accessRule, coachHasAccess } from '../relationship/access';

const person = { select: { id: true, displayName: true, coachName: true, profilePhotoPath: true } } as const;

export interface ThreadAccess {
  thread: {
    id: string;
    coach: { id: string; name: string; profilePhotoPath: string | null };
    client: { id: string; name: string; profilePhotoPath: string | null };
  };
  /** The reader's place in it: one of its two members, or an admin looking in. */
  role: 'coach' | 'client' | 'admin';
  /** Both members write while the coach has access to the client; nobody else ever does. */
  canSend: boolean;
}

/**
 * A thread, if the caller may read it (or, for `write`, write in it). Its client always reads
 * their own conversation; its coach only while they have access to the client (the one rule in
 * relationship/access.ts); an admin reads any, and each such read is audited before anything is
 * returned. Anyone else gets NOT_FOUND, the same as for a missing thread.
 */
export async function threadFor(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
  threadId: string,
  purpose: 'read' | 'write',
): Promise<ThreadAccess> {
  const relationship = await deps.db.coachClientRelationship.findUnique({
    where: { id: threadId },
    select: { id: true, coachId: true, clientId: true, coach: person, client: person },
  });
  const role = !relationship
    ? null
    : relationship.clientId === user.userId
      ? 'client'
      : relationship.coachId === user.userId
        ? 'coach'
        : user.role === 'admin'
          ? 'admin'
          : null;
  if (!relationship || !role) throw new DomainError('NOT_FOUND', 'No conversation of yours with that id.');
  const open = await coachHasAccess(
    deps.db,
    { coachId: relationship.coachId, clientId: relationship.clientId },
    accessRule(deps.settings, deps.now()),
  );
  const thread = {
    id: relationship.id,
    coach: { ...relationship.coach, name: coachNameOf(relationship.coach) },
    client: { ...relationship.client, name: relationship.client.displayName },
  };
  if (role === 'coach' && !open) {
    throw new DomainError(
      'FORBIDDEN',
      `You no longer coach ${thread.client.name}, so their messages are closed to you. They open again when ${thread.client.name} books a session with you.`,
    );
  }
  const canSend = role !== 'admin' && open;
  if (purpose === 'write' && !canSend) {
    throw new DomainError(
      'FORBIDDEN',
      role === 'admin'
        ? 'Admins can read conversations; only the coach and the client write in them.'
        : `This conversation is closed: ${thread.coach.name} no longer coaches you here. Book a session to write again.`,
    );
  }
  if (role === 'admin') {
    await recordHealthDataRead(deps.db, {
      reader: user,
      clientId: relationship.clientId,
      what: 'messages',
    });
  }
  return {
    thread: {
      id: thread.id,
      coach: { id: thread.coach.id, name: thread.coach.name, profilePhotoPath: thread.coach.profilePhotoPath },
      client: { id: thread.client.id, name: thread.client.name, profilePhotoPath: thread.client.profilePhotoPath },
    },
    role,
    canSend,
  };
}
