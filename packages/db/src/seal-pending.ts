import type { Logger } from '@hybridcoach/config';
import type { Db } from './client';
import { sealField } from './crypto/field-seal';
import type { KeyRing } from './crypto/key-ring';
import { Prisma } from './generated/prisma/client';
import {
  type ContextFields,
  emptyContext,
  emptyIntake,
  healthFieldContext,
  type Intake,
  sealBio,
  sealContext,
  sealIntake,
} from './health-fields';

interface PendingProfile {
  intake?: Partial<Intake>;
  context?: Partial<ContextFields>;
  bio?: string;
}

const BATCH = 200;

/**
 * Seals the health data that the sealing migration moved out of its plaintext columns
 * (`pendingPlaintext`), then rewrites the two tables (VACUUM FULL) so that the old row versions
 * holding the plaintext leave the data files. Runs after every `migrate deploy` of
 * `npm run db:migrate` and `npm start`; asks for the key ring only when there is something to
 * seal, so a fresh database needs no key to migrate.
 */
export async function sealPendingPlaintext(
  db: Db,
  keys: () => Promise<KeyRing>,
  logger: Logger,
): Promise<{ profiles: number; notes: number }> {
  const waiting =
    (await db.profile.count({ where: { pendingPlaintext: { not: Prisma.DbNull } } })) +
    (await db.clientNote.count({ where: { pendingPlaintext: { not: null } } }));
  if (waiting === 0) return { profiles: 0, notes: 0 };
  const ring = await keys();
  let profiles = 0;
  let notes = 0;
  for (;;) {
    const rows = await db.profile.findMany({
      where: { pendingPlaintext: { not: Prisma.DbNull } },
      select: { id: true, userId: true, pendingPlaintext: true },
      take: BATCH,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const pending = row.pendingPlaintext as PendingProfile;
      await db.profile.update({
        where: { id: row.id },
        data: {
          ...(pending.intake
            ? { sealedIntake: sealIntake(ring, row.userId, { ...emptyIntake, ...pending.intake }) }
            : {}),
          ...(pending.context
            ? { sealedContext: sealContext(ring, row.userId, { ...emptyContext, ...pending.context }) }
            : {}),
          ...(pending.bio ? { sealedBio: sealBio(ring, row.userId, pending.bio) } : {}),
          pendingPlaintext: Prisma.DbNull,
        },
      });
      profiles++;
    }
  }
  for (;;) {
    const rows = await db.clientNote.findMany({
      where: { pendingPlaintext: { not: null } },
      select: { id: true, clientId: true, pendingPlaintext: true },
      take: BATCH,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      await db.clientNote.update({
        where: { id: row.id },
        data: {
          sealedContent: sealField(ring, row.pendingPlaintext ?? '', healthFieldContext.clientNote(row.clientId)),
          pendingPlaintext: null,
        },
      });
      notes++;
    }
  }
  // The updates left dead row versions with the plaintext in the table files: rewrite them.
  await db.$executeRawUnsafe('VACUUM FULL "Profile", "ClientNote"');
  logger.info({ profiles, notes }, 'health data from before encryption sealed');
  return { profiles, notes };
}
