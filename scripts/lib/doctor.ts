import { existsSync, readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { createLogger, type Env, EnvError, loadEnv, repoRoot } from '@hybridcoach/config';
import { EMBEDDED_DATABASE } from '@hybridcoach/db/database';
import {
  EmbeddedPostgresError,
  type EmbeddedServer,
  portBindError,
  runningServerPid,
  startEmbeddedPostgres,
} from '@hybridcoach/db/embedded';
import { NewerSchemaError, unknownAppliedMigrations } from '@hybridcoach/db/migration-history';

export interface Finding {
  /** `problem` stops `npm start`; `warning` is printed and start-up goes on. */
  severity: 'ok' | 'warning' | 'problem';
  message: string;
}

const ok = (message: string): Finding => ({ severity: 'ok', message });
const warning = (message: string): Finding => ({ severity: 'warning', message });
const problem = (message: string): Finding => ({ severity: 'problem', message });

/** `>=20.19` (the form the root package.json's engines field uses) against `current`. */
export function checkNodeVersion(current: string, required: string): Finding {
  const wanted = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(required.trim());
  if (!wanted) throw new Error(`engines.node "${required}" is not of the form >=X.Y.Z`);
  const need = wanted.slice(1).map((part) => Number(part ?? 0));
  const have = current.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (have[i] ?? 0) - (need[i] ?? 0);
    if (diff > 0) break;
    if (diff < 0) {
      return problem(
        `Node ${current} is too old: HybridCoach needs Node ${required}. Install a current Node (the LTS from nodejs.org, or nvm install --lts) and run npm install again.`,
      );
    }
  }
  return ok(`Node ${current} (needs ${required})`);
}

/** Whether the port a part of HybridCoach listens on is free. */
export async function checkPort(what: string, variable: string, host: string, port: number): Promise<Finding> {
  const err = await portBindError(port, host);
  if (!err) return ok(`port ${port} for ${what} is free (${variable})`);
  if (err.code === 'EADDRINUSE') {
    return problem(
      `Port ${port} (${variable}, ${what}) is in use by another program; is HybridCoach already running? Stop it, or set ${variable} to a free port.`,
    );
  }
  return problem(
    `Port ${port} (${variable}, ${what}) cannot be used on ${host}: ${err.message}. Set ${variable} or HOST.`,
  );
}

const MB = 1024 * 1024;
/** PostgreSQL: the database does not exist. */
const INVALID_CATALOG_NAME = '3D000';

/** Free space on the disk that holds `dir` (or the nearest folder above it that exists). */
export async function checkDiskSpace(
  dir: string,
  limits = { problemBelow: 200 * MB, warnBelow: 1024 * MB },
): Promise<Finding> {
  let existing = dir;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const fs = await statfs(existing);
  const free = fs.bavail * fs.bsize;
  const text = `${Math.floor(free / MB)} MB free for ${dir}`;
  if (free < limits.problemBelow) {
    return problem(
      `Only ${text}: PostgreSQL and the build need at least ${limits.problemBelow / MB} MB. Free some space or set DATA_DIR to another disk.`,
    );
  }
  if (free < limits.warnBelow) return warning(`Only ${text}; the database will run out of room soon.`);
  return ok(text);
}

/** The database this checkout would use is not from a newer version of it. */
export async function checkDatabaseSchema(env: Env): Promise<Finding> {
  const describe = (unknown: string[], where: string) =>
    unknown.length === 0
      ? ok(`${where} matches this checkout's migrations`)
      : problem(
          `${where} was migrated by a newer version of HybridCoach: it has ${unknown.length} migration(s) this checkout lacks (${unknown.join(', ')}). Update this checkout (git pull), or point ${env.DATABASE_URL ? 'DATABASE_URL' : 'DATA_DIR'} at another database.`,
        );
  if (env.DATABASE_URL) {
    const where = `DATABASE_URL (${new URL(env.DATABASE_URL).host})`;
    try {
      return describe(await unknownAppliedMigrations(env.DATABASE_URL), where);
    } catch (err) {
      return problem(`Cannot connect to ${where}: ${(err as Error).message}. Is that server running?`);
    }
  }
  const dataDir = path.join(env.DATA_DIR, 'postgres');
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) return ok(`no database in ${dataDir} yet; npm start creates one`);
  const pid = await runningServerPid(dataDir);
  if (pid !== null) {
    return problem(
      `A PostgreSQL server (pid ${pid}) is running on ${dataDir}: HybridCoach is probably running already. Stop it first.`,
    );
  }
  if (await portBindError(env.EMBEDDED_PG_PORT)) {
    return warning(`The database in ${dataDir} was not checked: its port ${env.EMBEDDED_PG_PORT} is in use.`);
  }
  // Reading _prisma_migrations needs the server: start it for a moment.
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedPostgres({
      dataDir,
      port: env.EMBEDDED_PG_PORT,
      logger: createLogger('doctor', 'silent'),
    });
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) return problem(err.message);
    throw err;
  }
  try {
    return describe(await unknownAppliedMigrations(server.url(EMBEDDED_DATABASE)), `The database in ${dataDir}`);
  } catch (err) {
    if ((err as { code?: string }).code === INVALID_CATALOG_NAME)
      return ok(`no database in ${dataDir} yet; npm start creates one`);
    throw err;
  } finally {
    await server.stop();
  }
}

export type DoctorMode = 'doctor' | 'start' | 'dev';

/**
 * Everything a newcomer's machine can get wrong before HybridCoach starts. `start` and `dev`
 * skip the database check, which their own start-up makes (openDatabase) on the running server.
 */
export async function diagnose(mode: DoctorMode, source: NodeJS.ProcessEnv = process.env): Promise<Finding[]> {
  const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } };
  const findings = [checkNodeVersion(process.versions.node, root.engines.node)];
  let env: Env;
  try {
    env = loadEnv(source);
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    return [
      ...findings,
      ...err.issues.map((issue) =>
        problem(`${issue.variable}=${JSON.stringify(source[issue.variable] ?? '')} is not valid: ${issue.message}.`),
      ),
    ];
  }
  const ports = [
    checkPort('the web server', 'PORT', env.HOST, env.PORT),
    checkPort("the agent's health endpoint", 'AGENT_HEALTH_PORT', env.HOST, env.AGENT_HEALTH_PORT),
    checkPort("the worker's health endpoint", 'WORKER_HEALTH_PORT', env.HOST, env.WORKER_HEALTH_PORT),
  ];
  if (!env.DATABASE_URL) {
    ports.push(checkPort('the embedded PostgreSQL', 'EMBEDDED_PG_PORT', '127.0.0.1', env.EMBEDDED_PG_PORT));
  }
  if (mode === 'dev') ports.push(checkPort("Vite's dev server", 'VITE_PORT', env.HOST, env.VITE_PORT));
  findings.push(...(await Promise.all(ports)), await checkDiskSpace(env.DATA_DIR));
  // With the embedded server's port taken, its data directory cannot be opened either.
  if (mode === 'doctor' && !findings.some((f) => f.message.includes('EMBEDDED_PG_PORT') && f.severity === 'problem')) {
    findings.push(await checkDatabaseSchema(env));
  }
  return findings;
}

const MARK = { ok: '✓', warning: '!', problem: '✗' } as const;

/** One line per finding; `all` false leaves out what is fine (start-up stays quiet). */
export function formatFindings(findings: Finding[], all: boolean): string {
  const lines = findings.filter((f) => all || f.severity !== 'ok').map((f) => `  ${MARK[f.severity]} ${f.message}`);
  const problems = findings.filter((f) => f.severity === 'problem').length;
  if (problems > 0) lines.push('', `${problems} problem(s) to fix before HybridCoach can start.`);
  else if (all) lines.push('', 'Nothing in the way: npm start.');
  return lines.join('\n');
}

/** The sentence for a start-up failure a person can fix (no stack trace), or undefined for a bug. */
export function plainStartupError(err: unknown): string | undefined {
  const known = err instanceof EnvError || err instanceof EmbeddedPostgresError || err instanceof NewerSchemaError;
  return known ? err.message : undefined;
}
