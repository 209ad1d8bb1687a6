export { type TestDatabase, useTestDatabase } from './test-database';
export { databaseTestPreset } from './vitest-preset';
