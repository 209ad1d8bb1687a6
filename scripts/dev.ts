// `npm run dev`: the database as for `npm start`, then every app from source in watch mode
// and the Vite dev server (which proxies /trpc to the web server).
import path from 'node:path';
import { createLogger, loadEnv, repoRoot } from '@hybridcoach/config';
import { type DatabaseHandle, handleShutdownSignalsOurselves } from '@hybridcoach/db';
import { type Child, startChild, stopChildren } from './lib/children';
import { plainStartupError } from './lib/doctor';
import { prepare } from './lib/prepare';

const env = loadEnv();
const logger = createLogger('dev', env.LOG_LEVEL);
const children: Child[] = [];
let database: DatabaseHandle | null = null;
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await stopChildren(children, logger);
  await database?.close();
  process.exit(code);
}
handleShutdownSignalsOurselves();
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main() {
  const prepared = await prepare(env, logger, 'development');
  database = prepared.database;
  const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);
  const dir = (relative: string) => path.join(repoRoot, relative);
  const options = (relative: string) => ({ cwd: dir(relative), env: prepared.childEnv });
  children.push(
    startChild('web', bin('tsx'), ['watch', 'server/main.ts'], options('apps/web')),
    startChild('vite', bin('vite'), ['--host', env.HOST], options('apps/web')),
    startChild('worker', bin('tsx'), ['watch', 'src/main.ts'], options('apps/worker')),
    startChild('agent', bin('tsx'), ['watch', 'src/main.ts'], options('apps/agent')),
  );
  console.log(`\nHybridCoach (development): open http://localhost:${env.VITE_PORT}\n`);
}

main().catch((err: unknown) => {
  const plain = plainStartupError(err);
  if (plain) console.error(`\n${plain}\n`);
  else logger.error({ err }, err instanceof Error ? err.message : String(err));
  void stop(1);
});
