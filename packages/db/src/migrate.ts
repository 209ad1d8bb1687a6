import { runPrisma } from './prisma-cli';

/**
 * Applies every pending migration (`prisma migrate deploy`); from another folder when given
 * (a test that needs a database at an earlier level points at a copy of the older ones).
 */
export async function migrateDeploy(databaseUrl: string, options: { migrationsDir?: string } = {}): Promise<void> {
  await runPrisma(
    ['migrate', 'deploy'],
    databaseUrl,
    options.migrationsDir ? { HC_MIGRATIONS_DIR: options.migrationsDir } : {},
  );
}

/** `prisma migrate status` output; rejects when migrations are pending or failed. */
export function migrateStatus(databaseUrl: string): Promise<string> {
  return runPrisma(['migrate', 'status'], databaseUrl);
}
