import path from 'node:path';
import { backupDatabase, backupFileName } from '../backup/backup';
import { loadKeyRing } from '../crypto/key-ring';
import { openDatabase } from '../database';
import { runCli } from './run-cli';

// db:backup [file]: a sealed logical backup of DATABASE_URL or the embedded default, into
// BACKUP_DIR (default DATA_DIR/backups) unless a file is named.
await runCli('db:backup', async ({ env, logger, args }) => {
  const keys = await loadKeyRing(env);
  const database = await openDatabase({ env, logger, migrate: false });
  try {
    const now = new Date();
    const file = args[0]
      ? path.resolve(args[0])
      : path.join(env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups'), backupFileName(now));
    const result = await backupDatabase({ url: database.url, keys, file, now });
    logger.info({ ...result, keyId: keys.currentId }, 'backup written (sealed: keep the encryption key apart from it)');
  } finally {
    await database.close();
  }
  return 0;
});
