import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@hybridcoach/config';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { quoteIdent, withDatabase } from '../connection-url';
import { type EmbeddedServer, startEmbeddedPostgres } from '../embedded';
import { migrateDeploy } from '../migrate';
import { freePort } from './free-port';

import './provided-context';

/**
 * Vitest global setup: one PostgreSQL for the run (TEST_DATABASE_URL, else DATABASE_URL, else
 * a throw-away embedded server) and one template database with the migrations applied.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createLogger('test-db', process.env.TEST_LOG_LEVEL ?? 'warn');
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let embedded: EmbeddedServer | null = null;
  let dataDir: string | null = null;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hc-test-pg-'));
    // mkdtemp makes it 0700; as root the server runs as the postgres user, who must get in.
    await chmod(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'data'),
      port: await freePort(),
      logger,
      ephemeral: true,
    });
    adminUrl = embedded.url();
  }
  const template = `hc_template_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
  await admin.end();
  await migrateDeploy(withDatabase(adminUrl, template));
  project.provide('hcTestDatabase', { adminUrl, template });

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
    await client.end();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
