export { freePort } from './free-port';
export { type AppointmentOptions, type Given, type GivenSession, given } from './given';
export { type TestDatabase, useTestDatabase } from './test-database';
export { databaseTestPreset } from './vitest-preset';
