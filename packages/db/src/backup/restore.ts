import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { KeyRing } from '../crypto/key-ring';
import { openStream } from '../crypto/stream-seal';
import { migrateDeploy } from '../migrate';
import { migrationsDir } from '../prisma-cli';
import { appTables } from './backup';
import {
  BACKUP_CONTEXT,
  BACKUP_FORMAT,
  type BackupHeader,
  type BackupTrailer,
  END_OF_TABLE,
  quote,
  type TableHeader,
} from './backup-format';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** Migrations this checkout has, up to and including `last`, copied to a folder of their own. */
async function migrationsUpTo(last: string | undefined): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'hc-restore-migrations-'));
  for (const entry of await readdir(migrationsDir)) {
    if (entry === 'migration_lock.toml' || (last !== undefined && entry.localeCompare(last) <= 0))
      await cp(path.join(migrationsDir, entry), path.join(folder, entry), { recursive: true });
  }
  return folder;
}

export interface RestoreResult {
  migrations: number;
  rows: Record<string, number>;
  ms: number;
  /** Of which: migrating the empty database (prisma migrate deploy) and loading the rows. */
  migrateMs: number;
  loadMs: number;
}

/**
 * Restores a sealed backup into an empty database: migrates it to the backup's level (exactly
 * the migrations the backup was taken at), loads every table with COPY … FROM in one transaction
 * (parents first), sets the sequences past the loaded ids, checks each table's row count against
 * the backup's, then applies this checkout's newer migrations.
 */
export async function restoreDatabase(options: { url: string; keys: KeyRing; file: string }): Promise<RestoreResult> {
  const started = performance.now();
  const lines = createInterface({
    input: createReadStream(options.file).pipe(openStream(options.keys, BACKUP_CONTEXT)),
    crlfDelay: Number.POSITIVE_INFINITY,
  })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const next = await lines.next();
    if (next.done) throw new RestoreError('the backup ends early');
    return next.value;
  };
  const header = JSON.parse(await nextLine()) as BackupHeader;
  if (header.format !== BACKUP_FORMAT || header.version !== 1) throw new RestoreError('not a HybridCoach backup');
  const known = new Set(await readdir(migrationsDir));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new RestoreError(
      `the backup comes from a newer checkout (migrations ${unknown.join(', ')}); restore it with that version`,
    );

  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1");
    if (existing.rowCount)
      throw new RestoreError('the target database is not empty: restore into a new, empty database');
    const level = await migrationsUpTo(header.migrations.at(-1));
    try {
      await migrateDeploy(options.url, { migrationsDir: level });
    } finally {
      await rm(level, { recursive: true, force: true });
    }
    const migrated = performance.now();
    const columnsNow = new Map((await appTables(client)).map((t) => [t.table, t.columns]));
    const loaded: Record<string, number> = {};
    await client.query('BEGIN');
    // The backup lists parents before children, so each table streams straight into COPY.
    for (;;) {
      const line = await nextLine();
      if (line.startsWith('{"end"')) {
        const trailer = JSON.parse(line) as BackupTrailer;
        for (const [table, count] of Object.entries(trailer.rows))
          if ((loaded[table] ?? 0) !== count)
            throw new RestoreError(`table ${table}: the backup holds ${count} rows, ${loaded[table] ?? 0} were loaded`);
        break;
      }
      const table = JSON.parse(line) as TableHeader;
      if (!columnsNow.has(table.table)) throw new RestoreError(`table ${table.table} does not exist at this level`);
      loaded[table.table] = await copyRows(client, table, nextLine);
    }
    await resetSequences(client);
    await client.query('COMMIT');
    const loadMs = Math.round(performance.now() - migrated);
    // This checkout's newer migrations (data migrations included) run over the restored rows.
    const newer = [...known].filter((m) => /^\d/.test(m) && !header.migrations.includes(m));
    if (newer.length > 0) await migrateDeploy(options.url);
    const ms = Math.round(performance.now() - started);
    return { migrations: header.migrations.length, rows: loaded, ms, loadMs, migrateMs: ms - loadMs };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

async function copyRows(client: pg.Client, table: TableHeader, nextLine: () => Promise<string>): Promise<number> {
  const copy = client.query(copyFrom(`COPY ${quote(table.table)} (${table.columns.map(quote).join(', ')}) FROM STDIN`));
  let rows = 0;
  for (let row = await nextLine(); row !== END_OF_TABLE; row = await nextLine()) {
    rows++;
    if (!copy.write(`${row}\n`)) await once(copy, 'drain');
  }
  copy.end();
  await finished(copy);
  return rows;
}

/** Serial columns continue after the highest restored id. */
async function resetSequences(client: pg.Client): Promise<void> {
  const serials = await client.query<{ table: string; column: string; sequence: string }>(`
    SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`);
  for (const s of serials.rows) {
    await client.query(
      `SELECT setval($1, COALESCE((SELECT max(${quote(s.column)}) FROM ${quote(s.table)}), 0) + 1, false)`,
      [s.sequence],
    );
  }
}
