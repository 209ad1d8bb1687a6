import { defineConfig } from 'vitest/config';
// Relative on purpose: config files load before workspace TypeScript packages resolve.
import { databaseTestPreset } from '../packages/db/src/testing/vitest-preset.ts';

// The launchers start the built apps as processes: give a loaded machine room.
export default defineConfig({
  test: { ...databaseTestPreset, testTimeout: 120_000, include: ['**/*.test.ts'], exclude: ['node_modules/**'] },
});
