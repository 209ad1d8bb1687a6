/**
 * A logical backup, before sealing: one JSON header line, then per table a JSON line naming it
 * and its columns, its rows in COPY text format, and `\.` (a line COPY text never produces: a
 * backslash in data is always escaped), then a JSON trailer with each table's row count.
 */
export const BACKUP_FORMAT = 'hybridcoach-backup';
export const BACKUP_CONTEXT = 'backup';
export const END_OF_TABLE = '\\.';

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  /** Applied migrations at the snapshot: a restore migrates to exactly this level first. */
  migrations: string[];
  tables: string[];
}

export interface TableHeader {
  table: string;
  columns: string[];
}

export interface BackupTrailer {
  end: true;
  rows: Record<string, number>;
}

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
