import { createLogger } from '@hybridcoach/config';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../database';
import { NewerSchemaError, unknownAppliedMigrations } from '../migration-history';
import { useTestDatabase } from '../testing';

const t = useTestDatabase({ poolSize: 1 });
const FROM_THE_FUTURE = '29990101000000_from_a_newer_checkout';

async function recordMigration(url: string, name: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
     VALUES (gen_random_uuid()::text, 'x', $1, now(), now(), 1)`,
    [name],
  );
  await client.end();
}

describe('a database from a newer checkout', () => {
  test('a database migrated by this checkout has no unknown migrations', async () => {
    expect(await unknownAppliedMigrations(t.url)).toEqual([]);
  });

  test('is named by its unknown migrations, and openDatabase refuses it with a sentence before migrating', async () => {
    await recordMigration(t.url, FROM_THE_FUTURE);
    expect(await unknownAppliedMigrations(t.url)).toEqual([FROM_THE_FUTURE]);
    const opening = openDatabase({
      env: { DATABASE_URL: t.url, DATA_DIR: '/nonexistent', EMBEDDED_PG_PORT: 1 },
      logger: createLogger('test', 'silent'),
    });
    await expect(opening).rejects.toBeInstanceOf(NewerSchemaError);
    await expect(opening).rejects.toThrow(/does not know \(29990101000000_from_a_newer_checkout\).*git pull/);
  });
});
