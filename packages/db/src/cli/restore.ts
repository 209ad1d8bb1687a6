import path from 'node:path';
import { listBackups } from '../backup/backup';
import { restoreDatabase } from '../backup/restore';
import { loadKeyRing } from '../crypto/key-ring';
import { openDatabase } from '../database';
import { runCli } from './run-cli';

// db:restore [file]: restores a sealed backup (the newest in BACKUP_DIR unless named) into
// DATABASE_URL or the embedded default, which must be empty (a new database).
await runCli('db:restore', async ({ env, logger, args }) => {
  const keys = await loadKeyRing(env);
  const dir = env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups');
  const file = args[0] ? path.resolve(args[0]) : (await listBackups(dir)).at(-1);
  if (!file) throw new Error(`no backup named and none in ${dir}`);
  const database = await openDatabase({ env, logger, migrate: false });
  try {
    const result = await restoreDatabase({ url: database.url, keys, file });
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    logger.info(
      { file, migrations: result.migrations, tables: Object.keys(result.rows).length, rows, ms: result.ms },
      'restored',
    );
  } finally {
    await database.close();
  }
  return 0;
});
