export type { CoachCard } from './coach/directory';
export { type Context, createContext, systemContext } from './core/context';
export { type FieldErrors, fieldErrorsOf, translateDatabaseError } from './core/errors';
export { anonymous, type Principal, type ServiceName } from './core/principal';
export { type ServiceTokens, servicePrincipalFromHeader } from './core/service-token';
export { checkHealth, type Health } from './health/health';
export { type AppRouter, appRouter, createCaller } from './root';
export type { PlatformStats } from './session/stats';
