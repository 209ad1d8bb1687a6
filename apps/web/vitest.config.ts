import { defineConfig } from 'vitest/config';
// Relative on purpose: config files load before workspace TypeScript packages resolve.
import { databaseTestPreset } from '../../packages/db/src/testing/vitest-preset.ts';

export default defineConfig({
  test: {
    ...databaseTestPreset,
    // Browser journeys on a loaded 2-core machine (CI runs two packages' tests at once).
    testTimeout: 120_000,
    include: ['server/**/*.test.ts', 'src/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
  },
});
