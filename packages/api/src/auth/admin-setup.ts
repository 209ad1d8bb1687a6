import type { Db } from '@hybridcoach/db';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { recordAudit } from './audit';
import { hashSessionToken } from './session-token';
import { type SignedIn, startSignedInSession } from './sign-in';

export const ADMIN_SETUP_LINK_MINUTES = 60;

/** Whether the database has an admin (by ADMIN_EMAILS at some sign-in, the seed, or a setup link). */
async function adminExists(db: Pick<Db, 'user'>): Promise<boolean> {
  return (await db.user.count({ where: { role: 'admin', deletedAt: null } })) > 0;
}

/**
 * A real database with nobody to administer it: with ADMIN_EMAILS empty and no admin yet, a
 * one-time link (single use, expiring) that makes the first admin; null otherwise. Only the
 * SHA-256 of its secret is stored. Every start while there is no admin issues a fresh link;
 * whichever is used first makes the admin and every other one stops working.
 */
export async function issueAdminSetupLink(
  db: Db,
  options: { publicUrl: string; adminEmails: ReadonlySet<string>; now: Date },
): Promise<{ url: string; expiresAt: Date } | null> {
  if (options.adminEmails.size > 0 || (await adminExists(db))) return null;
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const secret = encodeBase32LowerCaseNoPadding(bytes);
  const expiresAt = new Date(options.now.getTime() + ADMIN_SETUP_LINK_MINUTES * 60_000);
  await db.adminSetupToken.create({ data: { secretHash: hashSessionToken(secret), expiresAt } });
  // In the fragment: browsers do not send it to servers or proxies, so it stays out of access logs.
  return { url: `${options.publicUrl.replace(/\/$/, '')}/setup#token=${secret}`, expiresAt };
}

const refused = (message: string) => new DomainError('FORBIDDEN', message);

/**
 * Redeems a setup link: makes `email` the first admin (creating the account when there is
 * none) and signs them in. Refused when the link is unknown, used or expired, or an admin
 * already exists. One transaction under one lock, so two uses at once make one admin.
 */
export async function completeAdminSetup(
  deps: Deps<'db' | 'http' | 'ip' | 'logger' | 'now' | 'settings' | 'userAgent'>,
  input: { token: string; email: string; displayName: string },
): Promise<SignedIn> {
  const now = deps.now();
  const userId = await deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('admin-setup'))`;
    const token = await tx.adminSetupToken.findUnique({ where: { secretHash: hashSessionToken(input.token) } });
    if (!token) throw refused('This setup link is not valid. Use the latest link in the web server log.');
    if (token.usedAt) throw refused('This setup link was already used. Sign in as the admin it made.');
    if (token.expiresAt <= now) {
      throw refused('This setup link has expired. Restart the web server to print a new one.');
    }
    if (await adminExists(tx)) throw refused('This HybridCoach already has an admin. Ask them for access.');
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, deletedAt: true } });
    if (existing?.deletedAt) throw new DomainError('BAD_REQUEST', 'belongs to a closed account', { field: 'email' });
    const admin = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: { role: 'admin', adminGrantedAt: now },
          select: { id: true },
        })
      : await tx.user.create({
          data: { email: input.email, displayName: input.displayName, role: 'admin', adminGrantedAt: now },
          select: { id: true },
        });
    await tx.adminSetupToken.update({ where: { id: token.id }, data: { usedAt: now, usedById: admin.id } });
    await recordAudit(tx, {
      action: 'admin.setup',
      userId: admin.id,
      ip: deps.ip,
      userAgent: deps.userAgent,
      metadata: { tokenId: token.id },
    });
    return admin.id;
  });
  deps.logger.info({ userId }, 'first admin made through the setup link');
  return startSignedInSession(deps, { userId, method: 'setup_link' });
}
