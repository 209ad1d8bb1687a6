// Privacy benchmark: building the data export of a member with 50 sessions (each with a
// transcript and chat; ten of them archived), and backing up and restoring the demo database
// (a sealed logical backup through the driver, restored into an empty database).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCaller, DevMailbox, settingsFromEnv, systemContext } from '@hybridcoach/api';
import { createLogger, loadEnv } from '@hybridcoach/config';
import { backupDatabase, keyRing, quoteIdent, restoreDatabase, withDatabase } from '@hybridcoach/db';
import { seedDemoData } from '@hybridcoach/db/seed';
import pg from 'pg';
import { startBenchDatabase } from './database';
import { type BenchResult, log, median } from './lib';

const SESSIONS = 50;
const LINES = 60;
const RUNS = 3;
const DAY = 86_400_000;

export async function privacyBench(): Promise<BenchResult> {
  const bench = await startBenchDatabase(5);
  const keys = keyRing([randomBytes(32)]);
  const exportDir = await mkdtemp(path.join(os.tmpdir(), 'hc-bench-export-'));
  const backupDir = await mkdtemp(path.join(os.tmpdir(), 'hc-bench-backup-'));
  try {
    await seedDemoData(bench.db, { keys });
    const backups: number[] = [];
    const restores: number[] = [];
    const loads: number[] = [];
    let backupBytes = 0;
    let rows = 0;
    const admin = new pg.Client({ connectionString: withDatabase(bench.url, 'postgres') });
    await admin.connect();
    for (let run = 0; run < RUNS; run++) {
      const file = path.join(backupDir, `demo-${run}.hcbackup`);
      const backup = await backupDatabase({ url: bench.url, keys, file });
      backups.push(backup.ms);
      backupBytes = backup.bytes;
      const target = `restore_${run}`;
      await admin.query(`CREATE DATABASE ${quoteIdent(target)}`);
      const restored = await restoreDatabase({ url: withDatabase(bench.url, target), keys, file });
      restores.push(restored.ms);
      loads.push(restored.loadMs);
      rows = Object.values(restored.rows).reduce((a, b) => a + b, 0);
      await admin.query(`DROP DATABASE ${quoteIdent(target)} WITH (FORCE)`);
      log('backup and restore', { run, backupMs: backup.ms, restoreMs: restored.ms });
    }
    await admin.end();

    // The member: 50 completed sessions with a coach, 60 transcript lines and 5 chat lines each.
    const client = await bench.db.user.create({
      data: {
        email: 'bench.member@vagus.example',
        displayName: 'Bench Member',
        profile: { create: { onboardingCompleted: true } },
      },
    });
    const coach = await bench.db.user.findFirstOrThrow({ where: { role: 'coach' } });
    for (let i = 0; i < SESSIONS; i++) {
      // Ten of them older than the archive cutoff (seven months and more).
      const startsAt = new Date(Date.now() - (i < 10 ? 220 + i : 2 + i * 3) * DAY);
      const appointment = await bench.db.appointment.create({
        data: {
          coachId: coach.id,
          clientId: client.id,
          scheduledFor: startsAt,
          durationMin: 30,
          endsAt: new Date(startsAt.getTime() + 30 * 60_000),
          roomId: `session-bench-${i}`,
          status: 'completed',
        },
      });
      const session = await bench.db.session.create({
        data: {
          appointmentId: appointment.id,
          startedAt: startsAt,
          endedAt: new Date(startsAt.getTime() + 30 * 60_000),
          aiSummary: `Session ${i}: breathing, sleep and a plan for the week.`,
        },
      });
      await bench.db.message.createMany({
        data: [
          ...Array.from({ length: LINES }, (_, n) => ({
            sessionId: session.id,
            userId: n % 2 === 0 ? client.id : coach.id,
            sender: n % 2 === 0 ? ('client' as const) : ('coach' as const),
            kind: 'transcript' as const,
            content: `Line ${n} of session ${i}: we talked about how the week went and what to try next.`,
            seq: n,
            spokenAt: new Date(startsAt.getTime() + n * 20_000),
          })),
          ...Array.from({ length: 5 }, (_, n) => ({
            sessionId: session.id,
            userId: client.id,
            sender: 'client' as const,
            kind: 'chat' as const,
            content: `Chat ${n}`,
          })),
        ],
      });
    }
    const base = settingsFromEnv(loadEnv({}));
    const logger = createLogger('bench-privacy', 'warn');
    const ctx = systemContext({
      db: bench.db,
      logger,
      settings: { ...base, privacy: { ...base.privacy, exportDir } },
      mailer: new DevMailbox(logger),
      keys,
    });
    await createCaller(ctx).housekeeping.archiveSessions({ olderThanMonths: 6 });
    const exports: number[] = [];
    let exportBytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const made = await bench.db.dataExport.create({ data: { userId: client.id, requestedById: client.id } });
      const started = performance.now();
      const built = await createCaller(ctx).privacy.worker.buildExport({ exportId: made.id });
      exports.push(Math.round(performance.now() - started));
      exportBytes = built.bytes ?? 0;
      log('export', { run, ms: exports.at(-1) });
    }
    return {
      suite: 'privacy',
      metrics: {
        export_50_sessions_ms: {
          value: median(exports),
          unit: 'ms',
          runs: exports,
          note: `a member with ${SESSIONS} sessions (10 archived), ${LINES} transcript and 5 chat lines each: collect, zip (JSON + a readable transcript per session), seal, write`,
        },
        export_50_sessions_zip_bytes: { value: exportBytes, unit: 'bytes' },
        backup_demo_ms: {
          value: median(backups),
          unit: 'ms',
          runs: backups,
          note: 'the seeded demo database: one REPEATABLE READ snapshot, COPY TO STDOUT per table, sealed to a file',
        },
        backup_demo_bytes: { value: backupBytes, unit: 'bytes' },
        restore_demo_ms: {
          value: median(restores),
          unit: 'ms',
          runs: restores,
          note: `into an empty database: prisma migrate deploy to the backup's level (a CLI process: most of the time), then COPY FROM ${rows} rows, sequences, row counts checked`,
        },
        restore_demo_load_ms: {
          value: median(loads),
          unit: 'ms',
          runs: loads,
          note: 'of which loading the rows (COPY FROM in one transaction, sequences, counts)',
        },
      },
    };
  } finally {
    await rm(exportDir, { recursive: true, force: true });
    await rm(backupDir, { recursive: true, force: true });
    await bench.close();
  }
}
