import { fileURLToPath } from 'node:url';

/** Set-up file for every package's tests, database or not: only programs `npm ci` installs. */
export const spawnGuard = fileURLToPath(new URL('./spawn-guard.ts', import.meta.url));

/**
 * Vitest options every package with database tests uses: one server and template per run.
 * Imported by relative path from each vitest.config.ts (config files load before TypeScript
 * workspace packages can be resolved), so it depends on nothing but Node.
 */
export const databaseTestPreset = {
  globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
  setupFiles: [spawnGuard],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Two cores: two test files at a time, each with its own database.
  maxWorkers: 2,
};
