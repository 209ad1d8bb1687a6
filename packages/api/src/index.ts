export { ADMIN_SETUP_LINK_MINUTES, issueAdminSetupLink } from './auth/admin-setup';
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
export {
  DomainError,
  type DomainErrorCode,
  type FieldErrors,
  fieldErrorsOf,
  httpStatusOf,
  translateDatabaseError,
} from './core/errors';
export { type ApiMetrics, createApiMetrics } from './core/metrics';
export { anonymous, type Principal, type ServiceName, type UserPrincipal } from './core/principal';
export { type ServiceTokens, servicePrincipalFromHeader } from './core/service-token';
export { type AppSettings, type PrivacySettings, type StripeSettings, settingsFromEnv } from './core/settings';
export { checkHealth, type Health } from './health/health';
export { type ArchivedSession, readArchivedSession } from './housekeeping/session-archive';
export {
  createMailer,
  createSmtpMailer,
  DevMailbox,
  type Mailer,
  type MailMessage,
  type SentMail,
} from './notification/mailer';
export type { PaymentProvider } from './payment/provider';
export { createStripeProvider } from './payment/stripe-provider';
export { receiveStripeWebhook, STRIPE_SIGNATURE_HEADER, type WebhookOutcome } from './payment/stripe-webhook';
export {
  type ChatCompletionsSettings,
  createRecapWriter,
  type RecapRequest,
  type RecapWriter,
} from './post-session/chat-completions';
export { type StructuredRecap, structuredRecap } from './post-session/recap-schema';
export { openExportDownload } from './privacy/export';
export { type AppRouter, appRouter, createCaller } from './root';
export { calendarFeed } from './scheduling/calendar-feed';
export { SessionEventBus } from './session/event-bus';
export { webhookReceiver } from './session/livekit';
export { applyLivekitWebhook } from './session/livekit-webhook';
export { agentRelayAccess, type RelaySpeaker, relayAccess } from './session/relay-access';
export type { PlatformStats } from './session/stats';
export { sweepSessions } from './session/sweeper';
export { csvFolderSource } from './skool/folder-source';
export { httpMembersSource, type MembersEndpoint, MembersEndpointError, membersUrl } from './skool/http-source';
export type { MemberEvent } from './skool/member-event';
export type { MemberSnapshot, SkoolMember } from './skool/member-snapshot';
export { determineUserRole, isMemberInGoodStanding } from './skool/roles';
export type { SkoolObservation, SkoolSource, SkoolSourceName } from './skool/sources';
export type { SyncOutcome } from './skool/sync-community';
export type { SyncRunResult } from './skool/sync-runs';
export type { SkoolSyncSettings } from './skool/sync-settings';
export {
  receiveSkoolWebhook,
  SIGNATURE_HEADER as SKOOL_SIGNATURE_HEADER,
  signSkoolWebhook,
  TIMESTAMP_HEADER as SKOOL_TIMESTAMP_HEADER,
} from './skool/webhook';
export { photoFor, type ServedPhoto } from './user/photo-access';
