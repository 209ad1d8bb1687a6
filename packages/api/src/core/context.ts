import type { Logger } from '@hybridcoach/config';
import { type Db, type KeyRing, noKeyRing } from '@hybridcoach/db';
import type { CurrentUser } from '../auth/me';
import type { Mailer } from '../notification/mailer';
import type { PaymentProvider } from '../payment/provider';
import type { SessionEventBus } from '../session/event-bus';
import type { ApiMetrics } from './metrics';
import { anonymous, type Principal } from './principal';
import type { AppSettings } from './settings';

export interface CookieOptions {
  expires?: Date;
  maxAge?: number;
}

/** The HTTP side of a request, when there is one (not for in-process calls). */
export interface HttpExchange {
  getCookie(name: string): string | undefined;
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string): void;
  acceptLanguage: string | null;
  /** The request's Origin matched one of ours (checked for cookie-authenticated mutations). */
  originTrusted: boolean;
}

/** What every procedure receives. Built by the web server per request, or by `systemContext`. */
export interface Context {
  db: Db;
  logger: Logger;
  principal: Principal;
  /** The signed-in person as the session's statement read them (HTTP requests); else null. */
  viewer: CurrentUser | null;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  settings: AppSettings;
  /** The key-encryption keys that seal health data, exports and backups (@hybridcoach/db crypto). */
  keys: KeyRing;
  mailer: Mailer;
  /** Stripe, when configured (STRIPE_SECRET_KEY); null means tips are recorded as pledges. */
  payments: PaymentProvider | null;
  now: () => Date;
  http: HttpExchange | null;
  /** Live session events of this process (null for in-process callers that do not subscribe). */
  events: SessionEventBus | null;
  /** Where calls are counted and timed (null: not measured, e.g. in most tests). */
  metrics: ApiMetrics | null;
}

/**
 * The slice of a request's context a domain function takes: it names what it needs (`db`,
 * `now`, `mailer`, …) instead of taking the whole context, so it can be called from a router,
 * the worker or a test with just those.
 */
export type Deps<K extends keyof Context> = Pick<Context, K>;

type Required = Pick<Context, 'db' | 'logger' | 'requestId' | 'settings' | 'mailer'>;

export function createContext(input: Required & Partial<Context>): Context {
  return {
    principal: anonymous,
    viewer: null,
    ip: null,
    userAgent: null,
    now: () => new Date(),
    http: null,
    events: null,
    payments: null,
    metrics: null,
    ...input,
    // A context made without keys fails loudly when it seals or opens anything.
    keys: input.keys ?? noKeyRing,
  };
}

/** The worker's in-process calls (createCaller): the worker service principal, no HTTP. */
export function systemContext(
  deps: Pick<Context, 'db' | 'logger' | 'settings' | 'mailer'> & Partial<Pick<Context, 'metrics' | 'keys'>>,
): Context {
  return createContext({
    ...deps,
    requestId: `system-${Date.now()}`,
    principal: { kind: 'service', service: 'worker' },
  });
}
