import { defineConfig } from 'vitest/config';
import { databaseTestPreset } from '../../packages/db/src/testing/vitest-preset.ts';

// Audio, reconnect and lease tests wait on real timers: give a loaded machine room.
export default defineConfig({ test: { ...databaseTestPreset, testTimeout: 90_000, include: ['src/**/*.test.ts'] } });
