// `npm start`: the whole product, production-built, on the embedded default (or DATABASE_URL):
// migrate, seed when empty, then web, worker and agent. One Ctrl-C stops everything cleanly.
import path from 'node:path';
import { createLogger, loadEnv, repoRoot } from '@hybridcoach/config';
import { type DatabaseHandle, handleShutdownSignalsOurselves } from '@hybridcoach/db';
import { type Child, startChild, stopChildren, waitUntilHealthy } from './lib/children';
import { plainStartupError } from './lib/doctor';
import { prepare } from './lib/prepare';

const env = loadEnv();
const logger = createLogger('start', env.LOG_LEVEL);
const children: Child[] = [];
let database: DatabaseHandle | null = null;
let stopping = false;

async function stop(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'stopping HybridCoach');
  // Each app drains on SIGTERM (requests, jobs, transcript flush); give it that long, and a little more.
  await stopChildren(
    children,
    logger,
    (Math.max(env.SHUTDOWN_GRACE_SECONDS, env.AGENT_SHUTDOWN_FLUSH_SECONDS) + 5) * 1000,
  );
  await database?.close();
  process.exit(code);
}
handleShutdownSignalsOurselves();
process.on('SIGINT', () => void stop('SIGINT', 0));
process.on('SIGTERM', () => void stop('SIGTERM', 0));

async function main() {
  const prepared = await prepare(env, logger, 'production');
  database = prepared.database;
  const app = (relative: string) => path.join(repoRoot, relative);
  const run = (name: string, dir: string, entry: string) =>
    startChild(name, process.execPath, [app(`${dir}/${entry}`)], {
      cwd: app(dir),
      env: prepared.childEnv,
    });
  children.push(
    run('web', 'apps/web', 'dist-server/main.js'),
    run('worker', 'apps/worker', 'dist/main.js'),
    run('agent', 'apps/agent', 'dist/main.js'),
  );
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) {
        logger.error({ child: child.name, code }, 'an app process exited; stopping the rest');
        void stop(`${child.name} exited`, 1);
      }
    });
  }
  // Ready means every process is: the worker (more jobs to schedule) can come up after the web.
  const [web, worker, agent] = children as [Child, Child, Child];
  await Promise.all([
    waitUntilHealthy(`http://127.0.0.1:${env.PORT}`, web),
    waitUntilHealthy(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}`, worker),
    waitUntilHealthy(`http://127.0.0.1:${env.AGENT_HEALTH_PORT}`, agent),
  ]);
  // A plain line for people (and for the start-up benchmark, which waits for it).
  console.log(`\nHybridCoach is ready at ${env.PUBLIC_URL} (Ctrl-C stops everything)\n`);
}

main().catch((err: unknown) => {
  const plain = plainStartupError(err);
  if (plain) console.error(`\n${plain}\n`);
  else logger.error({ err }, err instanceof Error ? err.message : String(err));
  void stop('start-up failed', 1);
});
