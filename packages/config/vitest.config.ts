import { defineConfig } from 'vitest/config';
// Relative on purpose, as in the other packages: config files load before workspace packages resolve.
import { spawnGuard } from '../db/src/testing/vitest-preset.ts';

export default defineConfig({ test: { include: ['src/**/*.test.ts'], setupFiles: [spawnGuard] } });
