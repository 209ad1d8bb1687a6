import { Prisma } from '@hybridcoach/db';
import type { SyncPlan, UserChanges } from './skool-diff';

type Tx = Prisma.TransactionClient;
type ChangeField = keyof UserChanges;

/**
 * The columns a plan may change, with their SQL types. Every write below passes one array per
 * column to `unnest`, so a plan for 10 or 100,000 members is the same handful of statements.
 */
const CHANGE_COLUMNS = [
  ['role', '"Role"'],
  ['skoolUltraEmail', 'text'],
  ['skoolVagusEmail', 'text'],
  ['ultraSubscriptionStatus', '"SubscriptionStatus"'],
  ['vagusSubscriptionStatus', '"SubscriptionStatus"'],
  ['membershipEndDate', 'timestamptz'],
  ['membershipWarningShown', 'boolean'],
  ['skoolProfileUrl', 'text'],
  ['skoolProfilePhotoUrl', 'text'],
  ['skoolBio', 'text'],
  ['skoolJoinedDate', 'timestamptz'],
] as const satisfies readonly (readonly [ChangeField, string])[];

// A UserChanges field missing from CHANGE_COLUMNS would be silently dropped: make it a type error.
type Unlisted = Exclude<ChangeField, (typeof CHANGE_COLUMNS)[number][0]>;
const everyFieldListed: [Unlisted] extends [never] ? true : false = true;
void everyFieldListed;

export interface AppliedPlan {
  created: number;
  /** Members planned as new whose email a user took meanwhile (sign-up racing the sync). */
  notCreated: string[];
  /** Users with a changed column (lastSkoolSync alone does not count). */
  updated: number;
  historyRows: number;
  auditRows: number;
  /** Sign-ins ended because their member is no longer in good standing. */
  sessionsRevoked: number;
}

export interface ApplyOptions {
  /** The role each updated user had when the plan was made (for the audit trail). */
  previousRoles: ReadonlyMap<string, string>;
  /** Users the source listed: their lastSkoolSync moves to `takenAt` even with nothing else to change. */
  listedUserIds: readonly string[];
  /** When the source saw the members; null when nothing was observed (lastSkoolSync is kept). */
  takenAt: Date | null;
  now: Date;
  actorId: string | null;
  /** ADMIN_EMAILS: admins keep their sign-ins whatever their memberships say. */
  adminEmails: ReadonlySet<string>;
}

/** Writes a plan inside the caller's transaction, in at most five statements. */
export async function applySyncPlan(tx: Tx, plan: SyncPlan, options: ApplyOptions): Promise<AppliedPlan> {
  const created = await insertNewUsers(tx, plan, options);
  const updated = await updateUsers(tx, plan, options);
  const historyRows = created.length + (await insertStatusHistory(tx, plan, options.now));
  const auditRows = await insertAudit(tx, plan, options);
  const sessionsRevoked = await revokeLapsedSignIns(tx, plan, options);
  const createdEmails = new Set(created);
  return {
    created: created.length,
    notCreated: plan.create.map((u) => u.email).filter((e) => !createdEmails.has(e)),
    updated,
    historyRows,
    auditRows,
    sessionsRevoked,
  };
}

/**
 * New users and their first history row (null → active) in one statement. A user who signed up
 * with the same email since the plan was made is left alone (ON CONFLICT): the next sync links them.
 */
async function insertNewUsers(tx: Tx, plan: SyncPlan, options: ApplyOptions): Promise<string[]> {
  if (plan.create.length === 0) return [];
  const col = <K extends keyof SyncPlan['create'][number]>(key: K) => plan.create.map((u) => u[key]);
  const rows = await tx.$queryRaw<{ email: string }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col('email')}::text[], ${col('displayName')}::text[], ${col('role')}::"Role"[],
        ${col('skoolUltraEmail')}::text[], ${col('skoolVagusEmail')}::text[],
        ${col('ultraSubscriptionStatus')}::"SubscriptionStatus"[], ${col('vagusSubscriptionStatus')}::"SubscriptionStatus"[],
        ${col('skoolProfileUrl')}::text[], ${col('skoolProfilePhotoUrl')}::text[], ${col('skoolBio')}::text[],
        ${col('skoolJoinedDate')}::timestamptz[]
      ) AS v(email, "displayName", role, "skoolUltraEmail", "skoolVagusEmail", "ultraSubscriptionStatus",
             "vagusSubscriptionStatus", "skoolProfileUrl", "skoolProfilePhotoUrl", "skoolBio", "skoolJoinedDate")
    ), created AS (
      INSERT INTO "User" (id, email, "displayName", role, "skoolUltraEmail", "skoolVagusEmail",
        "ultraSubscriptionStatus", "vagusSubscriptionStatus", "skoolProfileUrl", "skoolProfilePhotoUrl",
        "skoolBio", "skoolJoinedDate", "lastSkoolSync", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, v.*, ${options.takenAt}::timestamptz, ${options.now}::timestamptz,
             ${options.now}::timestamptz
      FROM input v
      ON CONFLICT (email) DO NOTHING
      RETURNING id, email
    ), history AS (
      INSERT INTO "MembershipStatusHistory" (id, "userId", community, "previousStatus", "newStatus", "changeDetectedAt")
      SELECT gen_random_uuid()::text, id, ${plan.community}::"Community", NULL, 'active', ${options.now}::timestamptz
      FROM created
    )
    SELECT email FROM created`;
  return rows.map((r) => r.email);
}

/**
 * Every planned change and every listed user's lastSkoolSync in one UPDATE. Each row carries a
 * bit mask of the columns it sets, so that "set to null" and "leave alone" stay different.
 */
async function updateUsers(tx: Tx, plan: SyncPlan, options: ApplyOptions): Promise<number> {
  const changesById = new Map<string, UserChanges>(options.listedUserIds.map((id) => [id, {}]));
  for (const { userId, changes } of plan.updates) changesById.set(userId, changes);
  if (changesById.size === 0) return 0;

  const ids = [...changesById.keys()];
  const changes = [...changesById.values()];
  const masks = changes.map((c) =>
    CHANGE_COLUMNS.reduce((mask, [field], bit) => (field in c ? mask | (1 << bit) : mask), 0),
  );
  const arrays = CHANGE_COLUMNS.map(
    ([field, type]) => Prisma.sql`${changes.map((c) => c[field] ?? null)}::${Prisma.raw(type)}[]`,
  );
  const names = CHANGE_COLUMNS.map(([field]) => Prisma.raw(`"${field}"`));
  const assignments = names.map(
    (name, bit) =>
      Prisma.sql`${name} = CASE WHEN v.mask & ${Prisma.raw(String(1 << bit))} <> 0 THEN v.${name} ELSE u.${name} END`,
  );
  // Counts users whose columns changed; the others only had lastSkoolSync moved.
  const [row] = await tx.$queryRaw<{ changed: number }[]>`
    WITH touched AS (
      UPDATE "User" AS u SET
        ${Prisma.join(assignments, ',\n        ')},
        -- GREATEST skips NULL; an older snapshot applied late must not move the date back.
        "lastSkoolSync" = GREATEST(u."lastSkoolSync", ${options.takenAt}::timestamptz),
        "updatedAt" = CASE WHEN v.mask <> 0 THEN ${options.now}::timestamptz ELSE u."updatedAt" END
      FROM unnest(${ids}::text[], ${masks}::int[], ${Prisma.join(arrays)}) AS v(id, mask, ${Prisma.join(names)})
      WHERE u.id = v.id
      RETURNING v.mask
    )
    SELECT count(*) FILTER (WHERE mask <> 0)::int AS changed FROM touched`;
  return row?.changed ?? 0;
}

async function insertStatusHistory(tx: Tx, plan: SyncPlan, now: Date): Promise<number> {
  if (plan.statusChanges.length === 0) return 0;
  const changes = plan.statusChanges;
  return tx.$executeRaw`
    INSERT INTO "MembershipStatusHistory" (id, "userId", community, "previousStatus", "newStatus", "changeDetectedAt")
    SELECT gen_random_uuid()::text, v.uid, v.community, v.previous, v.next, ${now}::timestamptz
    FROM unnest(
      ${changes.map((c) => c.userId)}::text[],
      ${changes.map((c) => c.community)}::"Community"[],
      ${changes.map((c) => c.previousStatus)}::"SubscriptionStatus"[],
      ${changes.map((c) => c.newStatus)}::"SubscriptionStatus"[]
    ) AS v(uid, community, previous, next)`;
}

/** Role changes (as `role.changed`, like every other role change) and Skool email changes. */
async function insertAudit(tx: Tx, plan: SyncPlan, options: ApplyOptions): Promise<number> {
  const entries: { userId: string; action: string; metadata: Record<string, string | null> }[] = [];
  for (const { userId, changes } of plan.updates) {
    if (changes.role === undefined) continue;
    entries.push({
      userId,
      action: 'role.changed',
      metadata: {
        from: options.previousRoles.get(userId) ?? null,
        to: changes.role,
        reason: 'skool-sync',
        community: plan.community,
      },
    });
  }
  for (const change of plan.emailChanges) {
    entries.push({
      userId: change.userId,
      action: 'skool.email_changed',
      metadata: { community: change.community, from: change.previousEmail, to: change.newEmail },
    });
  }
  if (entries.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "AuditLog" (id, "userId", "actorId", action, metadata, "createdAt")
    SELECT gen_random_uuid()::text, v.uid, ${options.actorId}::text, v.action, v.metadata, ${options.now}::timestamptz
    FROM unnest(
      ${entries.map((e) => e.userId)}::text[],
      ${entries.map((e) => e.action)}::text[],
      ${entries.map((e) => JSON.stringify(e.metadata))}::jsonb[]
    ) AS v(uid, action, metadata)`;
}

/**
 * A member whose status change leaves them in no good standing (roles.ts `isMemberInGoodStanding`:
 * active somewhere, or cancelled and still in grace) is signed out everywhere at once, audited;
 * their open live streams end at their next re-check. Admins are not members here.
 */
async function revokeLapsedSignIns(tx: Tx, plan: SyncPlan, options: ApplyOptions): Promise<number> {
  const ids = [...new Set(plan.statusChanges.map((c) => c.userId))];
  if (ids.length === 0) return 0;
  const [row] = await tx.$queryRaw<{ revoked: number }[]>`
    WITH lapsed AS (
      SELECT u.id FROM "User" u
      WHERE u.id = ANY(${ids}::text[])
        AND u."adminGrantedAt" IS NULL AND NOT (lower(u.email) = ANY(${[...options.adminEmails]}::text[]))
        -- COALESCE: a community the user never joined is NULL, which must not make this NULL.
        AND NOT (COALESCE(u."ultraSubscriptionStatus"::text, '') = 'active'
          OR COALESCE(u."vagusSubscriptionStatus"::text, '') = 'active'
          OR ('cancelled' IN (COALESCE(u."ultraSubscriptionStatus"::text, ''), COALESCE(u."vagusSubscriptionStatus"::text, ''))
              AND COALESCE(u."membershipEndDate" > ${options.now}::timestamptz, false)))
    ), revoked AS (
      UPDATE "UserSession" s SET "isActive" = false
      FROM lapsed WHERE s."userId" = lapsed.id AND s."isActive"
      RETURNING s."userId", s.id
    ), audited AS (
      INSERT INTO "AuditLog" (id, "userId", "actorId", action, "targetId", metadata, "createdAt")
      SELECT gen_random_uuid()::text, "userId", ${options.actorId}::text, 'auth.session_revoked', id,
             '{"reason":"membership_lapsed"}'::jsonb, ${options.now}::timestamptz
      FROM revoked
    )
    SELECT count(*)::int AS revoked FROM revoked`;
  return row?.revoked ?? 0;
}
