import type pg from 'pg';
import { poolOf } from './client';
import type { Prisma } from './generated/prisma/client';

/**
 * Hot statements straight to the pool behind a client, skipping Prisma's engine: measured in
 * bench/ at ~0.2 ms of CPU per statement for `$queryRaw` (its query compiler runs even for raw
 * SQL), which on the per-request path was most of the gap to hand-written code. Statements are
 * the same `Prisma.sql` templates (parameters stay parameters) and rows are typed at the call,
 * as with `$queryRaw`. pg's default parsers apply: timestamptz → Date, json → objects, float8
 * and int4 → number; cast enums to text.
 */

type Reader = { $queryRaw<T = unknown>(query: Prisma.Sql): Prisma.PrismaPromise<T> };

/** Rows of one statement. A client that is not a `createDb` one (a transaction) runs it itself. */
export async function sqlRows<T>(db: Reader, statement: Prisma.Sql): Promise<T[]> {
  const pool = poolOf(db);
  if (!pool) return db.$queryRaw<T[]>(statement);
  return (await pool.query<T & pg.QueryResultRow>(statement.text, statement.values)).rows;
}

/** Runs statements one after another in one transaction on one connection of the pool. */
export async function sqlTransaction<T>(
  db: object,
  work: (rows: <R>(statement: Prisma.Sql) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const pool = poolOf(db);
  if (!pool) throw new Error('sqlTransaction needs a client made by createDb');
  const connection = await pool.connect();
  try {
    await connection.query('BEGIN');
    const result = await work(
      async <R>(statement: Prisma.Sql) =>
        (await connection.query<R & pg.QueryResultRow>(statement.text, statement.values)).rows,
    );
    await connection.query('COMMIT');
    return result;
  } catch (err) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    connection.release();
  }
}
