import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { migrationsDir } from './prisma-cli';

/** The database was migrated by a newer checkout: running this one on it would misread its data. */
export class NewerSchemaError extends Error {
  override name = 'NewerSchemaError';
  constructor(readonly unknownMigrations: string[]) {
    super(
      `The database has ${unknownMigrations.length} migration(s) this checkout does not know (${unknownMigrations.join(', ')}): it was used by a newer version of HybridCoach. Update this checkout (git pull), or point DATA_DIR or DATABASE_URL at another database.`,
    );
  }
}

/**
 * Migrations the database records as applied that this checkout's prisma/migrations lacks.
 * Empty for a database that was never migrated.
 */
export async function unknownAppliedMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ found: string | null }>(
      `SELECT to_regclass('_prisma_migrations')::text AS found`,
    );
    if (!table.rows[0]?.found) return [];
    const applied = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY migration_name',
    );
    const known = new Set(await readdir(migrationsDir));
    return applied.rows.map((row) => row.migration_name).filter((name) => !known.has(name));
  } finally {
    await client.end();
  }
}

/** Throws `NewerSchemaError` when the database is ahead of this checkout. */
export async function assertSchemaNotNewer(databaseUrl: string): Promise<void> {
  const unknown = await unknownAppliedMigrations(databaseUrl);
  if (unknown.length > 0) throw new NewerSchemaError(unknown);
}
