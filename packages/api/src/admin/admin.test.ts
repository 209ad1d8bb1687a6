import { createLogger, loadEnv } from '@hybridcoach/config';
import type { Role } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { TRPCError } from '@trpc/server';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createContext } from '../core/context';
import { fieldErrorsOf } from '../core/errors';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';

const t = useTestDatabase();
const logger = createLogger('admin-test', 'silent');
const mailbox = new DevMailbox(logger);
const settings = settingsFromEnv(
  loadEnv({ ADMIN_EMAILS: 'admin@example.com', SKOOL_MEMBERS_URL: 'https://members.skool.example/api' }),
);
let now = new Date('2030-01-10T12:00:00Z');
const ids: Record<'admin' | 'coach', string> = { admin: '', coach: '' };

function callerAs(principal: Principal) {
  return createCaller(
    createContext({ db: t.db, logger, requestId: 'test', settings, mailer: mailbox, principal, now: () => now }),
  );
}
const as = (who: 'admin' | 'coach') => {
  const role: Role = who;
  return callerAs({ kind: 'user', userId: ids[who], role, userSessionId: `s-${who}` });
};

const csv = (rows: string[]) => ['Name,Email,Status', ...rows].join('\n');
const code = (err: unknown) => (err instanceof TRPCError ? err.code : String(err));

beforeAll(async () => {
  ids.admin = (
    await t.db.user.create({ data: { email: 'admin@example.com', displayName: 'Admin', role: 'admin' } })
  ).id;
  ids.coach = (
    await t.db.user.create({ data: { email: 'coach@example.com', displayName: 'Staff Coach', role: 'coach' } })
  ).id;
});

beforeEach(async () => {
  await t.db.skoolSyncPreview.deleteMany();
  await t.db.skoolSyncRequest.deleteMany();
  await t.db.skoolMonitoringLog.deleteMany();
  await t.db.user.deleteMany({ where: { id: { notIn: [ids.admin, ids.coach] } } });
  now = new Date('2030-01-10T12:00:00Z');
});

describe('admin.skool procedures are for admins only', () => {
  const calls = {
    overview: (api: ReturnType<typeof as>) => api.admin.skool.overview(),
    syncLogs: (api: ReturnType<typeof as>) => api.admin.skool.syncLogs({}),
    membershipHistory: (api: ReturnType<typeof as>) => api.admin.skool.membershipHistory({}),
    syncNow: (api: ReturnType<typeof as>) => api.admin.skool.syncNow({ community: 'ultra' }),
    syncRequests: (api: ReturnType<typeof as>) => api.admin.skool.syncRequests({}),
    previewCsv: (api: ReturnType<typeof as>) =>
      api.admin.skool.previewCsv({ community: 'ultra', csv: csv(['A,a@example.com,active']) }),
    previewChanges: (api: ReturnType<typeof as>) =>
      api.admin.skool.previewChanges({ previewId: '00000000-0000-4000-8000-000000000000' }),
    applyCsv: (api: ReturnType<typeof as>) =>
      api.admin.skool.applyCsv({ previewId: '00000000-0000-4000-8000-000000000000' }),
    metrics: (api: ReturnType<typeof as>) => api.admin.metrics.daily({ from: now, to: now }),
    membership: (api: ReturnType<typeof as>) => api.admin.metrics.membership({ from: now, to: now }),
    metricsCsv: (api: ReturnType<typeof as>) => api.admin.metrics.csv({ from: now, to: now }),
    metricsBackfill: (api: ReturnType<typeof as>) => api.admin.metrics.backfill({}),
    users: (api: ReturnType<typeof as>) => api.admin.users.list({}),
    user: (api: ReturnType<typeof as>) => api.admin.users.get({ userId: ids.admin }),
    setAdmin: (api: ReturnType<typeof as>) => api.admin.users.setAdmin({ userId: ids.coach, admin: true }),
    setDeactivated: (api: ReturnType<typeof as>) =>
      api.admin.users.setDeactivated({ userId: ids.admin, deactivated: true }),
    coaches: (api: ReturnType<typeof as>) => api.admin.coaches.list(),
  };

  test.each(Object.entries(calls))('%s: FORBIDDEN for a coach, UNAUTHORIZED signed out', async (_name, call) => {
    expect(code(await call(as('coach')).catch((e: unknown) => e))).toBe('FORBIDDEN');
    expect(code(await call(callerAs({ kind: 'anonymous' })).catch((e: unknown) => e))).toBe('UNAUTHORIZED');
    expect(code(await call(callerAs({ kind: 'service', service: 'worker' })).catch((e: unknown) => e))).toBe(
      'FORBIDDEN',
    );
    expect(await t.db.skoolSyncRequest.count()).toBe(0);
    expect(await t.db.skoolSyncPreview.count()).toBe(0);
    expect(await t.db.user.count({ where: { deletedAt: { not: null } } })).toBe(0);
    expect(await t.db.user.count({ where: { role: 'admin' } })).toBe(1);
  });
});

describe('CSV upload: preview, then apply', () => {
  test('previews the changes without making them, then applies exactly those', async () => {
    const preview = await as('admin').admin.skool.previewCsv({
      community: 'ultra',
      fileName: 'ultra.csv',
      csv: csv(['Ann,ann@example.com,active', 'Ann Again,ann@example.com,active', 'Bob,bob@example.com,cancelled']),
    });
    expect(preview).toMatchObject({
      community: 'ultra',
      fileName: 'ultra.csv',
      counts: { membersFound: 2, newMembers: 1, duplicatesMerged: 1, toCreate: 1 },
      wouldBeRefused: false,
      changesTotal: 1,
      changes: [
        {
          kind: 'create',
          email: 'ann@example.com',
          status: { from: null, to: 'active' },
          role: { from: null, to: 'coach' },
        },
      ],
    });
    expect(await t.db.user.count({ where: { email: 'ann@example.com' } })).toBe(0);

    const applied = await as('admin').admin.skool.applyCsv({ previewId: preview.previewId });
    expect(applied).toMatchObject({ status: 'applied', source: 'csv-upload', counts: { newMembers: 1 } });
    expect(await t.db.user.findUniqueOrThrow({ where: { email: 'ann@example.com' } })).toMatchObject({ role: 'coach' });
    const log = await t.db.skoolMonitoringLog.findUniqueOrThrow({ where: { id: applied.logId } });
    expect(log.details).toMatchObject({ previewId: preview.previewId, fileName: 'ultra.csv', actorId: ids.admin });
    expect(
      code(
        await as('admin')
          .admin.skool.applyCsv({ previewId: preview.previewId })
          .catch((e: unknown) => e),
      ),
    ).toBe('CONFLICT');
  });

  test('rejects a malformed CSV with its line numbers, storing and changing nothing', async () => {
    const err = await as('admin')
      .admin.skool.previewCsv({
        community: 'vagus',
        csv: csv(['Ok,ok@example.com,active', 'Bad,not-an-email,active', 'Odd,odd@example.com,maybe']),
      })
      .catch((e: unknown) => e);
    expect(code(err)).toBe('BAD_REQUEST');
    expect((err as Error).message).toContain('line 3: invalid email "not-an-email"');
    expect((err as Error).message).toContain('line 4: unknown status "maybe"');
    expect(fieldErrorsOf((err as TRPCError).cause)).toEqual({
      csv: ['line 3: invalid email "not-an-email"', 'line 4: unknown status "maybe"'],
    });
    expect(await t.db.skoolSyncPreview.count()).toBe(0);
    expect(await t.db.user.count({ where: { email: 'ok@example.com' } })).toBe(0);
    expect(await t.db.skoolMonitoringLog.count()).toBe(0);
  });

  test('refuses to apply a preview the members changed under (preview again)', async () => {
    const preview = await as('admin').admin.skool.previewCsv({
      community: 'vagus',
      csv: csv(['C,c@example.com,active']),
    });
    // Meanwhile another sync (a webhook, the endpoint) creates that member.
    const other = await as('admin').admin.skool.previewCsv({
      community: 'vagus',
      csv: csv(['C,c@example.com,active']),
    });
    await as('admin').admin.skool.applyCsv({ previewId: other.previewId });
    const stale = await as('admin').admin.skool.previewChanges({ previewId: preview.previewId });
    expect(stale).toMatchObject({ total: 0, stillCurrent: false });
    expect(
      code(
        await as('admin')
          .admin.skool.applyCsv({ previewId: preview.previewId })
          .catch((e: unknown) => e),
      ),
    ).toBe('CONFLICT');
  });

  test('a file that cancels too many is refused unless the admin accepts it', async () => {
    const everyone = Array.from({ length: 5 }, (_, i) => `M${i},m${i}@example.com,active`);
    const first = await as('admin').admin.skool.previewCsv({ community: 'vagus', csv: csv(everyone) });
    await as('admin').admin.skool.applyCsv({ previewId: first.previewId });

    const half = await as('admin').admin.skool.previewCsv({ community: 'vagus', csv: csv(everyone.slice(0, 2)) });
    expect(half).toMatchObject({ wouldBeRefused: true, cancelShare: 0.6, counts: { cancelledMembers: 3 } });
    const page = await as('admin').admin.skool.previewChanges({ previewId: half.previewId, kind: 'update', limit: 2 });
    expect(page).toMatchObject({ total: 3, stillCurrent: true });
    expect(page.changes).toHaveLength(2);
    expect(page.changes[0]).toMatchObject({ kind: 'update', status: { from: 'active', to: 'cancelled' } });

    const refused = await as('admin').admin.skool.applyCsv({ previewId: half.previewId });
    expect(refused).toMatchObject({ status: 'refused', warningsSent: 0 });
    expect(await t.db.user.count({ where: { vagusSubscriptionStatus: 'active' } })).toBe(5);

    const accepted = await as('admin').admin.skool.applyCsv({ previewId: half.previewId, allowMassCancellation: true });
    expect(accepted.status).toBe('applied');
    expect(await t.db.user.count({ where: { vagusSubscriptionStatus: 'cancelled' } })).toBe(3);
  });
});

describe('sync now, logs, history, overview', () => {
  test('sync now writes one open request per community for the worker', async () => {
    const first = await as('admin').admin.skool.syncNow({ community: 'ultra' });
    expect(first).toMatchObject({
      status: 'pending',
      community: 'ultra',
      requestedById: ids.admin,
      alreadyOpen: false,
    });
    const again = await as('admin').admin.skool.syncNow({ community: 'ultra' });
    expect(again).toMatchObject({ id: first.id, alreadyOpen: true });
    const list = await as('admin').admin.skool.syncRequests({});
    expect(list.map((r) => r.id)).toEqual([first.id]);
    const overview = await as('admin').admin.skool.overview();
    expect(overview.communities.find((o) => o.community === 'ultra')?.openRequest?.id).toBe(first.id);
    expect(overview.sources).toEqual({ membersEndpoint: true, csvFolder: false, webhook: false });
  });

  test('without a members endpoint, "sync now" is refused in words for the admin, naming no setting', async () => {
    const bare = createCaller(
      createContext({
        db: t.db,
        logger,
        requestId: 'test',
        settings: settingsFromEnv(loadEnv({ ADMIN_EMAILS: 'admin@example.com' })),
        mailer: mailbox,
        principal: { kind: 'user', userId: ids.admin, role: 'admin', userSessionId: 's-admin' },
        now: () => now,
      }),
    );
    expect((await bare.admin.skool.overview()).sources).toEqual({
      membersEndpoint: false,
      csvFolder: false,
      webhook: false,
    });
    const refused = await bare.admin.skool.syncNow({ community: 'vagus' }).catch((e: unknown) => e);
    expect(code(refused)).toBe('BAD_REQUEST');
    expect((refused as Error).message).toBe(
      'There is no members endpoint to pull from. Upload the members CSV exported from Skool instead.',
    );
    expect((refused as Error).message).not.toMatch(/SKOOL_|URL/);
    expect(await t.db.skoolSyncRequest.count()).toBe(0);
  });

  test('sync logs and membership history come in pages, newest first', async () => {
    const members = Array.from({ length: 5 }, (_, i) => `H${i},h${i}@example.com,active`);
    for (const rows of [
      members,
      [...members, 'New,new@example.com,active'],
      members.slice(1).concat('New,new@example.com,active'),
    ]) {
      const preview = await as('admin').admin.skool.previewCsv({ community: 'ultra', csv: csv(rows) });
      await as('admin').admin.skool.applyCsv({ previewId: preview.previewId });
      now = new Date(now.getTime() + 60_000);
    }
    const page1 = await as('admin').admin.skool.syncLogs({ limit: 2 });
    expect(page1.items.map((l) => l.newMembers)).toEqual([0, 1]);
    const page2 = await as('admin').admin.skool.syncLogs({ limit: 2, cursor: page1.nextCursor });
    expect(page2).toMatchObject({ items: [{ newMembers: 5, success: true, source: 'csv-upload' }], nextCursor: null });

    const h0 = await t.db.user.findUniqueOrThrow({ where: { email: 'h0@example.com' } });
    const history = await as('admin').admin.skool.membershipHistory({ userId: h0.id });
    expect(history.items.map((h) => [h.previousStatus, h.newStatus])).toEqual([
      ['active', 'cancelled'],
      [null, 'active'],
    ]);
    expect(history.items[0]?.user).toEqual({ id: h0.id, displayName: 'H0', email: 'h0@example.com', deleted: false });
    const all = await as('admin').admin.skool.membershipHistory({ community: 'ultra', limit: 4 });
    const rest = await as('admin').admin.skool.membershipHistory({
      community: 'ultra',
      limit: 4,
      cursor: all.nextCursor,
    });
    expect(all.items.length + rest.items.length).toBe(7);
    expect(rest.nextCursor).toBeNull();

    const overview = await as('admin').admin.skool.overview();
    expect(overview.communities.find((o) => o.community === 'ultra')).toMatchObject({
      activeMembers: 5,
      inGrace: 1,
      lapsed: 0,
    });
  });
});

describe('membership over time', () => {
  test('counts each community’s active members at the end of every day, replaying status changes', async () => {
    const day = (d: number, hour = 12) => new Date(Date.UTC(2030, 0, d, hour));
    const member = async (email: string) =>
      (await t.db.user.create({ data: { email, displayName: email, role: 'client' } })).id;
    const [a, b, c] = [await member('a@example.com'), await member('b@example.com'), await member('c@example.com')];
    await t.db.membershipStatusHistory.createMany({
      data: [
        { userId: a, community: 'vagus', previousStatus: null, newStatus: 'active', changeDetectedAt: day(1) },
        { userId: b, community: 'vagus', previousStatus: null, newStatus: 'active', changeDetectedAt: day(2) },
        { userId: a, community: 'vagus', previousStatus: 'active', newStatus: 'cancelled', changeDetectedAt: day(3) },
        { userId: c, community: 'ultra', previousStatus: null, newStatus: 'active', changeDetectedAt: day(2, 23) },
        // Rejoined on the same day as leaving: the day ends active.
        {
          userId: a,
          community: 'vagus',
          previousStatus: 'cancelled',
          newStatus: 'active',
          changeDetectedAt: day(4, 1),
        },
        { userId: b, community: 'vagus', previousStatus: 'active', newStatus: 'expired', changeDetectedAt: day(4, 2) },
      ],
    });
    const days = await as('admin').admin.metrics.membership({ from: day(1, 0), to: day(4, 0) });
    const count = (community: string) => days.filter((d) => d.community === community).map((d) => [d.day, d.active]);
    expect(count('vagus')).toEqual([
      ['2030-01-01', 1],
      ['2030-01-02', 2],
      ['2030-01-03', 1],
      ['2030-01-04', 1],
    ]);
    expect(count('ultra')).toEqual([
      ['2030-01-01', 0],
      ['2030-01-02', 1],
      ['2030-01-03', 1],
      ['2030-01-04', 1],
    ]);
  });

  test('refuses a range that ends before it starts, naming the field', async () => {
    const err = await as('admin')
      .admin.metrics.membership({ from: new Date('2030-01-05'), to: new Date('2030-01-01') })
      .catch((e: unknown) => e);
    expect(code(err)).toBe('BAD_REQUEST');
    expect(String((err as Error).message)).toMatch(/on or after the first day/);
  });
});
