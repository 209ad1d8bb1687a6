export { freePort } from './free-port';
export { type AppointmentOptions, type Given, type GivenProfile, type GivenSession, given } from './given';
export { type TestDatabase, useTestDatabase } from './test-database';
export { testKeys, testKeyText } from './test-keys';
export { databaseTestPreset } from './vitest-preset';
