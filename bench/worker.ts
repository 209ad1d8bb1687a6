// Worker benchmark: a Skool members snapshot synced through the worker's procedure
// (skool.applySnapshot: diff, safety check, batched writes, log, grace warnings), at 1,000 and
// 10,000 members. Reports the time and the SQL statements it sent, counted at the pg driver,
// to show that the count does not grow with the number of members.
import { createCaller, DevMailbox, type SkoolMember, settingsFromEnv, systemContext } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import pg from 'pg';
import { startBenchDatabase } from './database';
import { type BenchResult, log } from './lib';

const SIZES = [1_000, 10_000] as const;

/** Every statement any pg client of this process sends (Prisma's adapter included). */
function countStatements(): { read(): number; reset(): void } {
  let count = 0;
  const original = pg.Client.prototype.query;
  // pg's query() has many overloads; counting forwards whatever it was given.
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: Parameters<typeof original>) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    read: () => count,
    reset: () => {
      count = 0;
    },
  };
}

const member = (i: number, fields: Partial<SkoolMember> = {}): SkoolMember => ({
  skoolUserId: `skool-${i}`,
  email: `member${i}@ultra.example`,
  name: `Member ${i}`,
  status: 'active',
  joinedAt: new Date(Date.UTC(2024, 0, 1 + (i % 365))),
  profileUrl: `https://www.skool.com/@member-${i}`,
  photoUrl: `https://assets.skool.com/member-${i}.jpg`,
  bio: null,
  ...fields,
});

/**
 * The second snapshot a sync usually sees: 5% cancelled (under the 20% safety share), 10% new,
 * 20% with a new photo or bio, the rest unchanged.
 */
function changedSnapshot(size: number): SkoolMember[] {
  const members = Array.from({ length: size }, (_, i) => {
    if (i < size * 0.05) return member(i, { status: 'cancelled' });
    if (i % 5 === 0) return member(i, { photoUrl: `https://assets.skool.com/member-${i}-v2.jpg`, bio: `Bio ${i}` });
    return member(i);
  });
  for (let i = size; i < size * 1.1; i++) members.push(member(i));
  return members;
}

async function reset(db: Db): Promise<void> {
  await db.auditLog.deleteMany();
  await db.notification.deleteMany();
  await db.membershipStatusHistory.deleteMany();
  await db.skoolMonitoringLog.deleteMany();
  await db.user.deleteMany();
}

export async function workerBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(4);
  const logger = createLogger('bench-worker', 'silent');
  const settings = settingsFromEnv(loadEnv({}));
  const api = createCaller(systemContext({ db: bench.db, logger, settings, mailer: new DevMailbox(logger) })).skool;
  const statements = countStatements();
  const metrics: BenchResult['metrics'] = {};
  try {
    const run = async (label: string, size: number, members: SkoolMember[]) => {
      statements.reset();
      const started = performance.now();
      const outcome = await api.applySnapshot({ community: 'ultra', takenAt: new Date(), source: 'http', members });
      const ms = performance.now() - started;
      const sent = statements.read();
      if (outcome.status !== 'applied')
        throw new Error(`${label} at ${size} was ${outcome.status}: ${outcome.message}`);
      log(label, { members: members.length, ms: Math.round(ms), statements: sent, counts: outcome.counts });
      metrics[`${label}Ms_${size}`] = { value: Math.round(ms), unit: 'ms', note: `${members.length} members listed` };
      metrics[`${label}Statements_${size}`] = {
        value: sent,
        unit: 'SQL statements',
        note: 'counted at the pg driver, BEGIN/COMMIT and the grace-warning pass included',
      };
    };
    for (const size of SIZES) {
      await reset(bench.db);
      // Warm up the procedure path (zod, Prisma's query compiler) outside the measurement.
      await api.applySnapshot({ community: 'vagus', takenAt: new Date(), source: 'http', members: [member(-1)] });
      await run(
        'firstImport',
        size,
        Array.from({ length: size }, (_, i) => member(i)),
      );
      await run('changedSync', size, changedSnapshot(size));
      await run('unchangedResync', size, changedSnapshot(size));
    }
    const [small, large] = SIZES;
    for (const label of ['firstImport', 'changedSync', 'unchangedResync']) {
      const a = metrics[`${label}Statements_${small}`]?.value;
      const b = metrics[`${label}Statements_${large}`]?.value;
      if (a !== b) throw new Error(`${label}: ${a} statements at ${small} members but ${b} at ${large}`);
    }
    return { suite: 'worker', metrics };
  } finally {
    await bench.close();
  }
}
