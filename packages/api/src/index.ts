export {
  beginGoogleSignIn,
  completeGoogleSignIn,
  exchangeGoogleCode,
  GOOGLE_STATE_COOKIE,
  GOOGLE_VERIFIER_COOKIE,
  type GoogleClaims,
} from './auth/google';
export { resolvePrincipal } from './auth/resolve-principal';
export { SESSION_COOKIE } from './auth/session-token';
export type { CoachCard } from './coach/directory';
export { type Context, type CookieOptions, createContext, type HttpExchange, systemContext } from './core/context';
export { type FieldErrors, fieldErrorsOf, translateDatabaseError } from './core/errors';
export { anonymous, type Principal, type ServiceName } from './core/principal';
export { type ServiceTokens, servicePrincipalFromHeader } from './core/service-token';
export { type AppSettings, settingsFromEnv } from './core/settings';
export { checkHealth, type Health } from './health/health';
export {
  createMailer,
  createSmtpMailer,
  DevMailbox,
  type Mailer,
  type MailMessage,
  type SentMail,
} from './notification/mailer';
export { type AppRouter, appRouter, createCaller } from './root';
export { calendarFeed } from './scheduling/calendar-feed';
export { SessionEventBus } from './session/event-bus';
export { webhookReceiver } from './session/livekit';
export { applyLivekitWebhook } from './session/presence';
export type { PlatformStats } from './session/stats';
export { sweepSessions } from './session/sweeper';
export { determineUserRole, isMemberInGoodStanding } from './skool/roles';
