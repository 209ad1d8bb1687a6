import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@hybridcoach/config';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { KeyRing } from '../crypto/key-ring';
import { sealStream } from '../crypto/stream-seal';
import {
  BACKUP_CONTEXT,
  BACKUP_FORMAT,
  type BackupHeader,
  type BackupTrailer,
  END_OF_TABLE,
  quote,
  type TableHeader,
} from './backup-format';

export const BACKUP_SUFFIX = '.hcbackup';

/** Parents before children, by the foreign keys between the tables. */
async function loadOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const edges = await client.query<{ child: string; parent: string }>(`
    SELECT c.relname AS child, p.relname AS parent
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_class p ON p.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges.rows) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p) || !parents.has(p)),
    );
    if (!next) throw new Error('the tables reference each other in a cycle; cannot order the restore');
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/**
 * The application's tables (the public schema; pg-boss's queue state is not data), parents
 * before children so that a restore loads each one straight after the ones it refers to.
 */
export async function appTables(client: pg.Client): Promise<TableHeader[]> {
  const tables = await client.query<{ table: string; columns: string[] }>(`
    SELECT c.relname AS table,
      array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
    GROUP BY c.relname ORDER BY c.relname`);
  const order = await loadOrder(
    client,
    tables.rows.map((t) => t.table),
  );
  return order.map((name) => tables.rows.find((t) => t.table === name) as TableHeader);
}

/** Every row of every table in one REPEATABLE READ snapshot, as the plaintext backup stream. */
async function* backupLines(client: pg.Client, createdAt: Date): AsyncGenerator<Buffer | string> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const migrations = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    );
    const tables = await appTables(client);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: 1,
      createdAt: createdAt.toISOString(),
      migrations: migrations.rows.map((r) => r.migration_name),
      tables: tables.map((t) => t.table),
    };
    yield `${JSON.stringify(header)}\n`;
    const rows: Record<string, number> = {};
    for (const table of tables) {
      yield `${JSON.stringify(table)}\n`;
      let count = 0;
      const copy = client.query(
        copyTo(`COPY ${quote(table.table)} (${table.columns.map(quote).join(', ')}) TO STDOUT`),
      );
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        // Each row ends in a newline; newlines inside values are escaped in COPY text format.
        for (const byte of chunk) if (byte === 10) count++;
        yield chunk;
      }
      rows[table.table] = count;
      yield `${END_OF_TABLE}\n`;
    }
    const trailer: BackupTrailer = { end: true, rows };
    yield `${JSON.stringify(trailer)}\n`;
  } finally {
    await client.query('COMMIT');
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/**
 * A consistent logical backup through the driver (the embedded server has no pg_dump): one
 * REPEATABLE READ snapshot, COPY … TO STDOUT per table, the migration level recorded, the whole
 * sealed with the key ring (a fresh data key, wrapped by the current KEK) into `file`
 * (written beside it first, renamed when complete, mode 0600).
 */
export async function backupDatabase(options: {
  url: string;
  keys: KeyRing;
  file: string;
  now?: Date;
}): Promise<BackupResult> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  const partial = `${options.file}.partial`;
  try {
    await mkdir(path.dirname(options.file), { recursive: true });
    await pipeline(
      Readable.from(backupLines(client, options.now ?? new Date())),
      sealStream(options.keys, BACKUP_CONTEXT),
      createWriteStream(partial, { mode: 0o600 }),
    );
    await rename(partial, options.file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
  return { file: options.file, bytes: (await stat(options.file)).size, ms: Math.round(performance.now() - started) };
}

/** `hybridcoach-2026-12-01T02-30-00Z.hcbackup`: sorts by time. */
export function backupFileName(at: Date): string {
  return `hybridcoach-${at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}${BACKUP_SUFFIX}`;
}

/** Backups in `dir`, oldest first. */
export async function listBackups(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith(BACKUP_SUFFIX))
    .sort()
    .map((n) => path.join(dir, n));
}

/** The daily backup: a new file in `dir`, then only the newest `keep` are kept. */
export async function scheduledBackup(options: {
  url: string;
  keys: KeyRing;
  dir: string;
  keep: number;
  now: Date;
  logger: Logger;
}): Promise<BackupResult & { removed: string[] }> {
  const result = await backupDatabase({
    url: options.url,
    keys: options.keys,
    file: path.join(options.dir, backupFileName(options.now)),
    now: options.now,
  });
  const all = await listBackups(options.dir);
  const removed = all.slice(0, Math.max(0, all.length - options.keep));
  for (const file of removed) await rm(file, { force: true });
  options.logger.info({ ...result, removed: removed.length }, 'backup written');
  return { ...result, removed };
}
