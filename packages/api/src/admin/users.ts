import type { Db, Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import { recordAudit } from '../auth/audit';
import { syncRole } from '../auth/role-sync';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import type { adminUsersInput } from './schemas';

const listFields = {
  id: true,
  displayName: true,
  email: true,
  role: true,
  coachLevel: true,
  deletedAt: true,
  lastLoginAt: true,
  ultraSubscriptionStatus: true,
  vagusSubscriptionStatus: true,
  profilePhotoPath: true,
} satisfies Prisma.UserSelect;

/**
 * Everyone, for the admin's users page: searched by name or email, filtered by role and by
 * whether the account is active, ordered by name; `cursor` is the offset of the next page.
 */
export async function listUsers(db: Db, input: z.infer<typeof adminUsersInput>) {
  const search = input.search?.trim();
  const where: Prisma.UserWhereInput = {
    AND: [
      search
        ? {
            OR: [
              { displayName: { contains: search, mode: 'insensitive' } },
              { email: { contains: search, mode: 'insensitive' } },
              { coachName: { contains: search, mode: 'insensitive' } },
            ],
          }
        : {},
      input.role ? { role: input.role } : {},
      input.status === 'active'
        ? { deletedAt: null }
        : input.status === 'deactivated'
          ? { deletedAt: { not: null } }
          : {},
    ],
  };
  const offset = input.cursor ?? 0;
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      select: listFields,
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      skip: offset,
      take: input.limit + 1,
    }),
    db.user.count({ where }),
  ]);
  return {
    items: rows.slice(0, input.limit),
    total,
    nextCursor: rows.length > input.limit ? offset + input.limit : null,
  };
}

/**
 * One person as the admin sees them: account, memberships, why they are an admin (if they
 * are), and their sessions in numbers. Their relationships are `admin.relationships.of`.
 */
export async function userDetail(deps: Deps<'db' | 'now' | 'settings'>, userId: string) {
  const now = deps.now();
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: {
      ...listFields,
      coachName: true,
      timezone: true,
      createdAt: true,
      isAvailable: true,
      adminGrantedAt: true,
      membershipEndDate: true,
      skoolUltraEmail: true,
      skoolVagusEmail: true,
      lastSkoolSync: true,
    },
  });
  if (!user) throw new DomainError('NOT_FOUND', 'No user with that id.');
  const mine = { OR: [{ clientId: userId }, { coachId: userId }] };
  const [upcoming, completed, cancelled] = await Promise.all([
    deps.db.appointment.count({ where: { ...mine, status: { in: ['scheduled', 'active'] }, endsAt: { gt: now } } }),
    deps.db.appointment.count({ where: { ...mine, status: 'completed' } }),
    deps.db.appointment.count({ where: { ...mine, status: 'cancelled' } }),
  ]);
  return {
    ...user,
    /** ADMIN_EMAILS names them: the app cannot take the role away, only the configuration. */
    adminByConfiguration: deps.settings.adminEmails.has(user.email.toLowerCase()),
    appointments: { upcoming, completed, cancelled },
  };
}

/**
 * Makes someone an admin, or takes it back (audited as a role change by the admin). Coach and
 * client follow the Skool memberships, so the role that remains is the one they give. ADMIN_EMAILS
 * admins stay admins, and nobody takes their own admin role away (there must be one left).
 */
export async function setAdmin(
  deps: Deps<'db' | 'now' | 'settings'>,
  actor: UserPrincipal,
  input: { userId: string; admin: boolean },
) {
  const user = await deps.db.user.findFirst({
    where: { id: input.userId, deletedAt: null },
    select: { id: true, email: true },
  });
  if (!user) throw new DomainError('NOT_FOUND', 'No active user with that id.');
  if (!input.admin) {
    if (user.id === actor.userId) {
      throw new DomainError('BAD_REQUEST', 'You cannot take away your own admin role. Ask another admin.');
    }
    if (deps.settings.adminEmails.has(user.email.toLowerCase())) {
      throw new DomainError(
        'BAD_REQUEST',
        'This person is an admin by the server configuration (ADMIN_EMAILS); only that can change it.',
      );
    }
  }
  await deps.db.user.update({
    where: { id: user.id },
    data: { adminGrantedAt: input.admin ? deps.now() : null },
  });
  const role = await syncRole(deps.db, user.id, deps.settings.adminEmails, deps.now(), actor.userId);
  return { userId: user.id, role };
}

/** Sets a coach's level (shown on their card); audited with the level before and after. */
export async function setCoachLevel(
  db: Db,
  actor: UserPrincipal,
  input: { coachId: string; coachLevel: number | null },
) {
  const coach = await db.user.findFirst({
    where: { id: input.coachId, role: 'coach' },
    select: { coachLevel: true },
  });
  if (!coach) throw new DomainError('NOT_FOUND', 'No coach with that id.');
  await db.user.update({ where: { id: input.coachId }, data: { coachLevel: input.coachLevel } });
  await recordAudit(db, {
    action: 'coach.level_changed',
    userId: input.coachId,
    actorId: actor.userId,
    metadata: { from: coach.coachLevel, to: input.coachLevel },
  });
  return { coachId: input.coachId, coachLevel: input.coachLevel };
}

/**
 * Deactivates an account (or brings it back): a deactivated person cannot sign in, their
 * browsers are signed out at once, and they leave lists and bookings; their history stays.
 * The Skool sync does not undo it. Audited; nobody deactivates themselves.
 */
export async function setDeactivated(
  deps: Deps<'db' | 'now'>,
  actor: UserPrincipal,
  input: { userId: string; deactivated: boolean },
) {
  if (input.userId === actor.userId) throw new DomainError('BAD_REQUEST', 'You cannot deactivate your own account.');
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: input.userId, deletedAt: input.deactivated ? null : { not: null } },
      data: { deletedAt: input.deactivated ? now : null },
    });
    if (count === 0) {
      const exists = await tx.user.count({ where: { id: input.userId } });
      if (!exists) throw new DomainError('NOT_FOUND', 'No user with that id.');
      // Already as asked: nothing to do, nothing to audit.
      return { userId: input.userId, deactivated: input.deactivated, signedOut: 0 };
    }
    const signedOut = input.deactivated
      ? (
          await tx.userSession.updateMany({
            where: { userId: input.userId, isActive: true },
            data: { isActive: false },
          })
        ).count
      : 0;
    await recordAudit(tx, {
      action: input.deactivated ? 'user.deactivated' : 'user.reactivated',
      userId: input.userId,
      actorId: actor.userId,
      metadata: input.deactivated ? { sessionsSignedOut: signedOut } : undefined,
    });
    return { userId: input.userId, deactivated: input.deactivated, signedOut };
  });
}
