import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface DbOptions {
  url: string;
  /** Connections in this process's pool (DATABASE_POOL_SIZE). */
  poolSize: number;
}

/**
 * The one place a PrismaClient is made (adapter-pg, no Rust engine). Every app, script and
 * test calls this; a test guards that nothing else constructs a client.
 */
export function createDb({ url, poolSize }: DbOptions): Db {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}
