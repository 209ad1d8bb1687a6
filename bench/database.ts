import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@hybridcoach/config';
import { createDb, type Db, ensureDatabase, migrateDeploy, startEmbeddedPostgres } from '@hybridcoach/db';
import pg from 'pg';

export interface BenchDatabase {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/**
 * A hand-written twin's `pg` pool with every connection opened before timing starts. Idle
 * connections ended by the database's shutdown at the end of a run are not a failure (without a
 * listener that error would end the process and lose the run's results).
 */
export async function keptPool(url: string, size: number): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: size });
  pool.on('error', () => undefined);
  await Promise.all(Array.from({ length: size }, () => pool.query('SELECT 1')));
  return pool;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A throw-away embedded PostgreSQL with the migrations applied (TEST_DATABASE_URL is not used). */
export async function startBenchDatabase(poolSize = 10): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-bench-pg-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    logger: createLogger('bench-db', 'warn'),
  });
  await ensureDatabase(server.url(), 'bench');
  const url = server.url('bench');
  await migrateDeploy(url);
  const db = createDb({ url, poolSize });
  return {
    db,
    url,
    async close() {
      await db.$disconnect();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
