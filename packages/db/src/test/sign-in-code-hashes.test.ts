import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { quoteIdent, withDatabase } from '../connection-url';
import { migrateDeploy } from '../migrate';
import { migrationsDir } from '../prisma-cli';

const MIGRATION = '20261129221000_sign_in_code_hashes';

test('the sign-in code migration hashes stored codes and keeps each session linked to its code', async () => {
  const { adminUrl } = inject('hcTestDatabase');
  const name = `hc_codes_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  const url = withDatabase(adminUrl, name);
  const older = await mkdtemp(path.join(os.tmpdir(), 'hc-older-migrations-'));
  const client = new pg.Client({ connectionString: url });
  try {
    for (const entry of await readdir(migrationsDir)) {
      if (entry.localeCompare(MIGRATION) < 0 || entry === 'migration_lock.toml') {
        await cp(path.join(migrationsDir, entry), path.join(older, entry), { recursive: true });
      }
    }
    await migrateDeploy(url, { migrationsDir: older });
    await client.connect();
    const code = 'vgs-1764000000000-abcdefghijklmnopqrstuvwxyz';
    await client.query(`
      INSERT INTO "User" (id, email, "displayName", "updatedAt") VALUES ('u1', 'old@vagus.example', 'Old', now());
      INSERT INTO "AuthCode" (id, code, "skoolUserId", "skoolUsername", "expiresAt", "usedAt", "isActive")
        VALUES ('c1', '${code}', 'u1', 'Old', now(), now(), false),
               ('c2', 'vgs-1764000000001-zyxwvutsrqponmlkjihgfedcba', 'u1', 'Old', now() + interval '5 minutes', NULL, true);
      INSERT INTO "UserSession" (id, "sessionId", "userId", "authCodeUsed", "expiresAt")
        VALUES ('s1', 'hash-s1', 'u1', '${code}', now() + interval '1 day');
    `);

    await migrateDeploy(url);

    const codes = await client.query('SELECT id, "codeHash", "linkTokenHash" FROM "AuthCode" ORDER BY id');
    expect(codes.rows).toEqual([
      { id: 'c1', codeHash: createHash('sha256').update(code).digest('hex'), linkTokenHash: null },
      { id: 'c2', codeHash: expect.stringMatching(/^[0-9a-f]{64}$/), linkTokenHash: null },
    ]);
    const session = await client.query('SELECT "authCodeId" FROM "UserSession" WHERE id = $1', ['s1']);
    expect(session.rows).toEqual([{ authCodeId: 'c1' }]);
    // No column anywhere still holds a code in clear.
    const columns = await client.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('code', 'authCodeUsed')`,
    );
    expect(columns.rows).toEqual([]);
  } finally {
    await client.end().catch(() => undefined);
    await rm(older, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.end();
  }
});
