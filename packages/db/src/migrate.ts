import { runPrisma } from './prisma-cli';

/** Applies every pending migration (`prisma migrate deploy`). */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  await runPrisma(['migrate', 'deploy'], databaseUrl);
}

/** `prisma migrate status` output; rejects when migrations are pending or failed. */
export function migrateStatus(databaseUrl: string): Promise<string> {
  return runPrisma(['migrate', 'status'], databaseUrl);
}
