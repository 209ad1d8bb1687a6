import path from 'node:path';
import { createDb } from '../client';
import { loadKeyRing } from '../crypto/key-ring';
import { addKeyToFile, rewrapAll } from '../crypto/rotate';
import { openDatabase } from '../database';
import { runCli } from './run-cli';

// keys:rotate: re-wraps every sealed value, export and local backup under the current key.
// With ENCRYPTION_KEYS: put the new key first (every process, restarted), then run this.
// With the key file (npm start): this adds a new key first itself; restart npm start after.
await runCli('keys:rotate', async ({ env, logger }) => {
  if (!env.ENCRYPTION_KEYS) await addKeyToFile(env.DATA_DIR);
  const keys = await loadKeyRing(env);
  const database = await openDatabase({ env, logger, migrate: false });
  const db = createDb({ url: database.url, poolSize: 2 });
  try {
    const folders = [env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups'), path.join(env.DATA_DIR, 'exports')];
    const result = await rewrapAll(db, keys, folders);
    const old = keys.ids.filter((id) => id !== keys.currentId);
    logger.info(
      { ...result, olderKeys: old },
      `re-wrapped under key ${keys.currentId}. Restart the processes. Keep the older keys only while backups made with them (copied elsewhere) may be restored`,
    );
  } finally {
    await db.$disconnect();
    await database.close();
  }
  return 0;
});
