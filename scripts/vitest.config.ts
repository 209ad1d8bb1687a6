import { defineConfig } from 'vitest/config';
// Relative on purpose: config files load before workspace TypeScript packages resolve.
import { databaseTestPreset } from '../packages/db/src/testing/vitest-preset.ts';

export default defineConfig({
  test: { ...databaseTestPreset, include: ['**/*.test.ts'], exclude: ['node_modules/**'] },
});
