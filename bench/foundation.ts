// Foundation benchmarks: `npm start` to ready (cold: empty data directory, warm: existing
// data) and `npm test` wall time with turbo's cache off. Median of 5 each.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@hybridcoach/config';
import { type BenchResult, log, median } from './lib';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// A full `npm test` takes minutes: its run count can be set apart.
const TEST_RUNS = Number(process.env.BENCH_TEST_RUNS ?? RUNS);

/** Runs `npm start` until it prints its ready line; returns ms, then stops it with SIGINT. */
function timeStart(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npm', ['start'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let ready = 0;
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (!ready && output.includes('HybridCoach is ready at')) {
        ready = performance.now() - started;
        process.kill(-(child.pid ?? 0), 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timeout = setTimeout(() => {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
      reject(new Error(`npm start was not ready in 180 s:\n${output.slice(-2000)}`));
    }, 180_000);
    child.on('exit', () => {
      clearTimeout(timeout);
      if (ready) resolve(ready);
      else reject(new Error(`npm start exited before it was ready:\n${output.slice(-2000)}`));
    });
  });
}

/** Runs a command to completion; returns ms. Its output is kept so that a failure says why. */
function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      // The tail is what explains a failure; a test run prints megabytes.
      output = (output + chunk).slice(-200_000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-20_000)}`)),
    );
  });
}

export async function foundationBench(): Promise<BenchResult> {
  const base = {
    ...process.env,
    PORT: '3310',
    EMBEDDED_PG_PORT: '55410',
    AGENT_HEALTH_PORT: '3311',
    LOG_LEVEL: 'warn',
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hc-bench-start-'));
    await chmod(dataDir, 0o755);
    try {
      const env = { ...base, DATA_DIR: dataDir };
      cold.push(await timeStart(env));
      warm.push(await timeStart(env));
      log('npm start', { run: i + 1, coldMs: cold.at(-1), warmMs: warm.at(-1) });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const tests: number[] = [];
  for (let i = 0; i < TEST_RUNS; i++) {
    tests.push(await timeCommand('npm', ['test'], { ...process.env, TURBO_FORCE: 'true' }));
    log('npm test', { run: i + 1, ms: tests.at(-1) });
  }
  return {
    suite: 'foundation',
    metrics: {
      npmStartToReadyColdMs: {
        value: median(cold),
        unit: 'ms',
        runs: cold,
        note: 'empty data directory: initdb, migrate, seed, build cached',
      },
      npmStartToReadyWarmMs: {
        value: median(warm),
        unit: 'ms',
        runs: warm,
        note: 'existing data directory, build cached',
      },
      npmTestWallMs: {
        value: median(tests),
        unit: 'ms',
        runs: tests,
        note: 'TURBO_FORCE=true: typecheck, lint and every test, no cache',
      },
    },
  };
}
