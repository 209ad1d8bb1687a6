import type { Db } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import { DevMailbox, type Mailer } from '../notification/mailer';

/** Everyone to sign in as on the dev sign-in page. */
export function devUsers(db: Db) {
  return db.user.findMany({
    where: { deletedAt: null },
    select: { id: true, displayName: true, email: true, role: true },
    orderBy: [{ role: 'asc' }, { displayName: 'asc' }],
    take: 100,
  });
}

/** The in-memory mailbox of a development server; there is none when mail goes out by SMTP. */
export function devMailbox(mailer: Mailer): DevMailbox {
  if (!(mailer instanceof DevMailbox))
    throw new DomainError('NOT_FOUND', 'Email goes out by SMTP here; there is no dev mailbox.');
  return mailer;
}
