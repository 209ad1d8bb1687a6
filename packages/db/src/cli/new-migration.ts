import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../database';
import { migrationsDir, runPrisma, schemaPath } from '../prisma-cli';
import { runCli } from './run-cli';

const SNAPSHOT = 'schema.snapshot.prisma';

function timestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * db:new-migration <name> [--empty]: writes the SQL that takes the schema as it was at the
 * last migration (its snapshot) to schema.prisma now, plus a new snapshot. `--empty` makes a
 * folder for hand-written SQL (CHECKs, exclusion constraints, data fixes).
 */
await runCli('db:new-migration', async ({ env, logger, args }) => {
  const name = args.find((a) => !a.startsWith('--'));
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('usage: npm run db:new-migration -- <name_in_snake_case> [--empty]');
  }
  const folders = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const last = folders.at(-1);
  const from = last ? ['--from-schema-datamodel', path.join(migrationsDir, last, SNAPSHOT)] : ['--from-empty'];
  let sql = '-- Hand-written migration.\n';
  if (!args.includes('--empty')) {
    const database = await openDatabase({ env, logger, migrate: false });
    try {
      sql = await runPrisma(
        ['migrate', 'diff', ...from, '--to-schema-datamodel', schemaPath, '--script'],
        database.url,
      );
    } finally {
      await database.close();
    }
    if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ''))) {
      logger.info(
        'schema.prisma is unchanged since the last migration; nothing to write (use --empty for hand-written SQL)',
      );
      return 0;
    }
  }
  const folder = path.join(migrationsDir, `${timestamp()}_${name}`);
  await mkdir(folder);
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await copyFile(schemaPath, path.join(folder, SNAPSHOT));
  logger.info({ folder }, 'migration written; review it, then npm run db:migrate');
  return 0;
});
