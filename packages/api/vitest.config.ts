import { defineConfig } from 'vitest/config';
import { databaseTestPreset } from '../../packages/db/src/testing/vitest-preset.ts';

export default defineConfig({ test: { ...databaseTestPreset, include: ['src/**/*.test.ts'] } });
