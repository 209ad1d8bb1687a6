import { healthFieldContext, openField, sealField } from '@hybridcoach/db';
import type { z } from 'zod';
import { recordHealthDataRead } from '../auth/data-reads';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { assertCoachOf, assertSessionOf } from './access';
import type { addNoteInput } from './schemas';

type NoteDeps = Deps<'db' | 'now' | 'settings' | 'keys'>;

/**
 * A coach's private notes about a client, newest first: only the notes this coach wrote, only
 * while they coach the client. Never the client's, never another coach's. Sealed at rest.
 */
export async function listNotes(deps: NoteDeps, user: UserPrincipal, input: { clientId: string }) {
  await assertCoachOf(deps, user, input.clientId);
  await recordHealthDataRead(deps.db, { reader: user, clientId: input.clientId, what: 'context' });
  const notes = await deps.db.clientNote.findMany({
    where: { coachId: user.userId, clientId: input.clientId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 200,
    select: { id: true, sealedContent: true, appointmentId: true, createdAt: true, clientId: true },
  });
  return notes.map(({ sealedContent, clientId, ...note }) => ({
    ...note,
    content: sealedContent ? openField(deps.keys, sealedContent, healthFieldContext.clientNote(clientId)) : '',
  }));
}

export async function addNote(deps: NoteDeps, user: UserPrincipal, input: z.infer<typeof addNoteInput>) {
  await assertCoachOf(deps, user, input.clientId);
  if (input.appointmentId)
    await assertSessionOf(deps, { appointmentId: input.appointmentId, coachId: user.userId, clientId: input.clientId });
  const note = await deps.db.clientNote.create({
    data: {
      coachId: user.userId,
      clientId: input.clientId,
      appointmentId: input.appointmentId ?? null,
      sealedContent: sealField(deps.keys, input.content, healthFieldContext.clientNote(input.clientId)),
    },
    select: { id: true, appointmentId: true, createdAt: true },
  });
  return { ...note, content: input.content };
}

/** A coach removes a note of their own; anyone else's is "not found" (ids are not an oracle). */
export async function removeNote(deps: Deps<'db'>, user: UserPrincipal, input: { noteId: string }) {
  const { count } = await deps.db.clientNote.deleteMany({ where: { id: input.noteId, coachId: user.userId } });
  if (count === 0) throw new DomainError('NOT_FOUND', 'No note of yours with that id.');
  return { removed: true };
}
