import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface DbOptions {
  url: string;
  /** Connections in this process's pool (DATABASE_POOL_SIZE). */
  poolSize: number;
}

/** Connections of a client's pool, for the pool-usage metric. */
export interface PoolUsage {
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is too small for the load. */
  waiting: number;
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * The one place a PrismaClient is made (adapter-pg, no Rust engine). Every app, script and
 * test calls this; a test guards that nothing else constructs a client. Its pool is shared
 * with the hot statements of hot-sql.ts, so they add no connections.
 */
export function createDb({ url, poolSize }: DbOptions): Db {
  // Our own pool (ended by $disconnect): its usage is observed, and hot-sql.ts uses it directly.
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server ends (a restart, a failover) is an 'error' event on the pool,
  // which would end the process unhandled; the pool drops that connection and the next query
  // opens a new one, so there is nothing else to do here.
  pool.on('error', () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The pool behind a client made here; undefined for anything else (a transaction client). */
export function poolOf(db: object): pg.Pool | undefined {
  return pools.get(db as Db);
}

export function poolUsage(db: Db): PoolUsage | null {
  const pool = pools.get(db);
  if (!pool) return null;
  return { max: pool.options.max ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
