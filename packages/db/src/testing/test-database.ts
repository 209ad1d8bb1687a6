import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDb, type Db } from '../client';
import { quoteIdent, withDatabase } from '../connection-url';
import type { KeyRing } from '../crypto/key-ring';
import { type Given, given } from './given';
import { testKeys } from './test-keys';
import './provided-context';

export interface TestDatabase {
  /** The database's URL, for code under test that opens its own connections. */
  readonly url: string;
  readonly db: Db;
  /** Factories for the rows a test needs (`t.given.coach()`, `t.given.liveSession()`, …). */
  readonly given: Given;
  /** The key ring the factories seal with (`testKeys`); give it to the code under test. */
  readonly keys: KeyRing;
}

const OBJECT_IN_USE = '55006';

async function createFromTemplate(adminUrl: string, template: string, name: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Concurrent clones of one template can collide for a moment; try again briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
}

/**
 * Gives the calling test file its own database, cloned from the migrated template (or empty)
 * before its tests run and dropped after. Nothing is shared with another file.
 */
export function useTestDatabase(options: { poolSize?: number; empty?: boolean } = {}): TestDatabase {
  const state: { url?: string; db?: Db } = {};
  let dropUrl = '';
  let name = '';
  beforeAll(async () => {
    const { adminUrl, template } = inject('hcTestDatabase');
    name = `hc_test_${randomBytes(6).toString('hex')}`;
    // `empty`: no migrations, no tables, as a freshly provisioned production database.
    await createFromTemplate(adminUrl, options.empty ? 'template0' : template, name);
    dropUrl = adminUrl;
    state.url = withDatabase(adminUrl, name);
    state.db = createDb({ url: state.url, poolSize: options.poolSize ?? 5 });
  });
  afterAll(async () => {
    await state.db?.$disconnect();
    if (!name) return;
    const admin = new pg.Client({ connectionString: dropUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.end();
  });
  return {
    get url() {
      if (!state.url) throw new Error('useTestDatabase(): the database exists once beforeAll has run');
      return state.url;
    },
    get db() {
      if (!state.db) throw new Error('useTestDatabase(): the database exists once beforeAll has run');
      return state.db;
    },
    get given() {
      return given(this.db, testKeys);
    },
    keys: testKeys,
  };
}
