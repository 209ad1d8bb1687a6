import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '@hybridcoach/config';

export const dbPackageDir = path.join(repoRoot, 'packages/db');
export const schemaPath = path.join(dbPackageDir, 'prisma/schema.prisma');
export const migrationsDir = path.join(dbPackageDir, 'prisma/migrations');

const preload = path.join(dbPackageDir, 'src/prisma-cli-preload.cjs');
const prismaBin = createRequire(path.join(dbPackageDir, 'package.json')).resolve('prisma/build/index.js');

export class PrismaCliError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`prisma ${args.join(' ')} failed (exit ${code}):\n${output.trim()}`);
    this.name = 'PrismaCliError';
  }
}

/**
 * Runs the Prisma CLI offline (JS schema engine, prisma.config.ts). The CLI connects even for
 * pure commands such as `migrate diff --from-empty`, so a reachable `databaseUrl` is required.
 */
export function runPrisma(args: string[], databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', preload, prismaBin, ...args], {
      cwd: dbPackageDir,
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: databaseUrl,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new PrismaCliError(args, code, output));
    });
  });
}
