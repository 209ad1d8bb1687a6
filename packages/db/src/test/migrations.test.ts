import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, inject, test } from 'vitest';
import { quoteIdent, withDatabase } from '../connection-url';
import { migrateDeploy, migrateStatus } from '../migrate';
import { migrationsDir } from '../prisma-cli';

describe('migrations', () => {
  test('apply to an empty database and leave it up to date', async () => {
    const { adminUrl } = inject('hcTestDatabase');
    const name = `hc_empty_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    try {
      const url = withDatabase(adminUrl, name);
      await migrateDeploy(url);
      expect(await migrateStatus(url)).toContain('Database schema is up to date');
      const folders = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory());
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const applied = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL');
      const tables = await client.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
      );
      await client.end();
      expect(applied.rowCount).toBe(folders.length);
      expect(tables.rows[0].n).toBe(47);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await admin.end();
    }
  });
});
