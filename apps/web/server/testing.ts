import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type AppRouter,
  type AppSettings,
  createApiMetrics,
  DevMailbox,
  type ServiceTokens,
  SessionEventBus,
} from '@hybridcoach/api';
import { createLogger, createMetricsRegistry, type Registry } from '@hybridcoach/config';
import { type Db, type KeyRing, registerPoolMetrics } from '@hybridcoach/db';
import { testKeys } from '@hybridcoach/db/testing';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import { buildServer } from './app';

export interface TestServer {
  url: string;
  mailbox: DevMailbox;
  settings: AppSettings;
  app: Awaited<ReturnType<typeof buildServer>>;
  /** The server's Prometheus registry, when started with `metricsToken`. */
  registry: Registry | null;
  close(): Promise<void>;
}

/**
 * The real web server on a random port over `db`, with development settings, a dev mailbox and
 * a temporary photo folder. Tests override what they exercise (production, Google endpoints…).
 */
export async function startTestServer(options: {
  db: Db;
  settings?: Partial<AppSettings>;
  /** Defaults to the test key ring the factories seal with. */
  keys?: KeyRing;
  serviceTokens?: ServiceTokens;
  staticDir?: string | null;
  now?: () => Date;
  port?: number;
  /** Give the server its own LISTEN connection, as a real process has (live-session tests). */
  databaseUrl?: string;
  /**
   * Links the server hands out (emails, Stripe's return URLs) point at this server's own random
   * port instead of `publicUrl`: for browser journeys that follow them.
   */
  ownPublicUrl?: boolean;
  /** Measure, and serve /metrics to this bearer token, as main.ts does with METRICS_TOKEN. */
  metricsToken?: string;
}): Promise<TestServer> {
  const logger = createLogger('test-server', process.env.TEST_LOG_LEVEL ?? 'silent');
  const mailbox = new DevMailbox(logger);
  const settings: AppSettings = {
    production: false,
    devTools: true,
    publicUrl: 'http://localhost:3000',
    trustedOrigins: ['http://localhost:3000'],
    adminEmails: new Set(['admin@hybridcoach.dev']),
    google: null,
    photoDir: await mkdtemp(path.join(os.tmpdir(), 'hc-photos-')),
    scheduling: { cancelCutoffHours: 12 },
    relationships: { accessDays: 90 },
    budgets: { openSlotsPerMinute: 30 },
    sessions: { idleMs: 14 * 86_400_000, absoluteMs: 30 * 86_400_000 },
    messages: { emailAfterMinutes: 15 },
    livekit: null,
    session: { joinEarlyMinutes: 10, warningMinutes: [5, 1], noShowGraceMinutes: 15 },
    iceServers: [],
    skool: { gracePeriodDays: 7, warningDays: 3, maxCancelShare: 0.2 },
    skoolSources: { membersEndpoint: false, csvFolder: false },
    skoolWebhook: null,
    stripe: null,
    privacy: {
      exportDir: await mkdtemp(path.join(os.tmpdir(), 'hc-exports-')),
      exportLinkHours: 48,
      erasureCoolingOffDays: 14,
      transcriptRetentionDays: null,
    },
    ...options.settings,
  };
  const events = options.databaseUrl ? new SessionEventBus(options.databaseUrl, logger) : null;
  await events?.start();
  const registry = options.metricsToken ? createMetricsRegistry('web') : null;
  if (registry) registerPoolMetrics(registry, options.db);
  const app = await buildServer({
    events,
    db: options.db,
    logger,
    settings,
    keys: options.keys ?? testKeys,
    mailer: mailbox,
    serviceTokens: options.serviceTokens ?? {},
    staticDir: options.staticDir ?? null,
    now: options.now,
    metrics: registry ? { registry, api: createApiMetrics(registry) } : null,
    metricsToken: options.metricsToken,
  });
  const url = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  // The running server reads this same settings object, so it takes effect now.
  if (options.ownPublicUrl) Object.assign(settings, { publicUrl: url, trustedOrigins: [url] });
  return {
    url,
    mailbox,
    settings,
    app,
    registry,
    close: async () => {
      await app.close();
      await events?.close();
    },
  };
}

/** A browser-like tRPC client for tests: keeps cookies between calls and sends an Origin. */
export function createBrowserClient(url: string, options: { origin?: string | null; userAgent?: string } = {}) {
  const jar = new Map<string, string>();
  const setCookies: string[] = [];
  const origin = options.origin === undefined ? url : options.origin;
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    if (origin) headers.set('origin', origin);
    headers.set('user-agent', options.userAgent ?? 'hybridcoach-test-browser');
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      setCookies.push(line);
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      if (!name) continue;
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
    return response;
  };
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // Node 20 has no EventSource; the `eventsource` package takes our cookie-carrying fetch.
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: { fetch: fetchWithCookies },
        }),
        false: httpBatchLink({ url: `${url}/trpc`, transformer: superjson, fetch: fetchWithCookies }),
      }),
    ],
  });
  return { client, jar, setCookies };
}

/**
 * The code and link token of the newest sign-in email to `email`. The email goes out after
 * `auth.requestCode` has answered, so this waits for it (up to `timeoutMs`).
 */
export async function mailedSignIn(
  mailbox: DevMailbox,
  email: string,
  { after = 0, timeoutMs = 3000 }: { after?: number; timeoutMs?: number } = {},
): Promise<{ code: string; linkToken: string; mailId: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = mailbox.list().find((m) => m.to === email && m.id > after && m.subject.includes('sign-in code'));
    const code = mail?.text.match(/\b[2-9A-Z]{4}-[2-9A-Z]{4}\b/)?.[0];
    const linkToken = mail?.text.match(/\/sign-in\/link#token=([a-z2-7]{32})/)?.[1];
    if (mail && code && linkToken) return { code, linkToken, mailId: mail.id };
    if (Date.now() > deadline) throw new Error(`no sign-in email to ${email}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
