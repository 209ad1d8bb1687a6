import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { Principal } from '../core/principal';
import { accessRule, coachHasAccess } from '../relationship/access';
import { isStoredPhotoName } from './photo-store';

export interface ServedPhoto {
  /** The file's name in the photo folder. */
  file: string;
  /** A coach's or admin's photo, shown to anyone (landing page, booking); a client's is private. */
  public: boolean;
}

/**
 * Which photo a request may have: a coach's to anyone; a client's only to the client, an admin,
 * or a coach with access to the client. Anything else — no such photo, no such name, no right
 * to see it — is the same NOT_FOUND, so names reveal nothing.
 */
export async function photoFor(
  deps: Deps<'db' | 'now' | 'settings'>,
  viewer: Principal,
  file: string,
): Promise<ServedPhoto> {
  const missing = new DomainError('NOT_FOUND', 'Not Found');
  if (!isStoredPhotoName(file)) throw missing;
  const owner = await deps.db.user.findFirst({
    where: { profilePhotoPath: `/photos/${file}`, deletedAt: null },
    select: { id: true, role: true },
  });
  if (!owner) throw missing;
  if (owner.role !== 'client') return { file, public: true };
  if (viewer.kind !== 'user') throw missing;
  const allowed =
    viewer.userId === owner.id ||
    viewer.role === 'admin' ||
    (viewer.role === 'coach' &&
      (await coachHasAccess(
        deps.db,
        { coachId: viewer.userId, clientId: owner.id },
        accessRule(deps.settings, deps.now()),
      )));
  if (!allowed) throw missing;
  return { file, public: false };
}
