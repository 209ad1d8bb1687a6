import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from './repo-root';

const port = z.coerce.number().int().min(1).max(65535);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url().optional());
const serviceToken = optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional());
const seconds = (min: number, max: number, fallback: number) => z.coerce.number().min(min).max(max).default(fallback);

/**
 * Every environment variable the product reads, in one place. README.md documents each one;
 * keep the two in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TEST_DATABASE_URL: optionalUrl,
  EMBEDDED_PG_PORT: port.default(54329),
  DATA_DIR: optionalString.transform((v) => path.resolve(repoRoot, v ?? '.data')),
  /** Key-encryption keys (base64, 32 bytes, comma-separated, the current one first); unset → DATA_DIR/encryption-keys. */
  ENCRYPTION_KEYS: optionalString,
  /** Demo people and the demo admin: unset → only on the embedded default; 1 → always; 0 → never. */
  DEMO_DATA: optionalString.pipe(z.stringbool().optional()),

  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  VITE_PORT: port.default(5173),
  PUBLIC_URL: optionalUrl,

  API_URL: optionalUrl,
  AGENT_SERVICE_TOKEN: serviceToken,
  WORKER_SERVICE_TOKEN: serviceToken,
  AGENT_HEALTH_PORT: port.default(3001),
  WORKER_HEALTH_PORT: port.default(3002),
  WORKER_POLL_SECONDS: seconds(0.5, 60, 2),
  /** Bearer token Prometheus sends for /metrics; without it the web server does not serve them. */
  METRICS_TOKEN: serviceToken,
  SHUTDOWN_GRACE_SECONDS: seconds(0, 600, 10),

  // The agent's own settings (apps/agent/src/config.ts turns them into its config)
  AGENT_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores')
      .optional(),
  ),
  AGENT_MAX_ROOMS: z.coerce.number().int().min(1).max(100).default(10),
  AGENT_DATA_DIR: optionalString.transform((v) => (v === undefined ? undefined : path.resolve(repoRoot, v))),
  AGENT_LEASE_SECONDS: seconds(3, 600, 30),
  AGENT_CLAIM_INTERVAL_SECONDS: seconds(0.1, 60, 2),
  AGENT_TICK_SECONDS: seconds(1, 300, 10),
  AGENT_END_GRACE_SECONDS: seconds(0, 3600, 60),
  AGENT_SHUTDOWN_FLUSH_SECONDS: seconds(0, 120, 10),
  /** Words that address the assistant when someone starts an utterance with them (scribe mode). */
  AGENT_WAKE_PHRASE: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]+( [a-z]+){0,3}$/, 'must be one to four words of letters')
    .default('assistant'),
  /** How long the assistant's Voice Agent connection stays open unused in scribe mode. */
  AGENT_VOICE_IDLE_SECONDS: seconds(5, 3600, 120),
  DEEPGRAM_API_KEY: optionalString,
  DEEPGRAM_AGENT_URL: z.url().default('wss://agent.deepgram.com'),
  DEEPGRAM_API_URL: z.url().default('https://api.deepgram.com'),
  DEEPGRAM_LISTEN_MODEL: z.string().default('nova-3'),
  DEEPGRAM_THINK_PROVIDER: z.string().default('open_ai'),
  DEEPGRAM_THINK_MODEL: z.string().default('gpt-4o-mini'),
  DEEPGRAM_VOICE: z.string().default('aura-2-thalia-en'),

  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email('must be a comma-separated list of emails'))),
  SMTP_URL: optionalString.pipe(z.url().optional()),
  MAIL_FROM: z.string().default('HybridCoach <no-reply@hybridcoach.local>'),

  LIVEKIT_URL: optionalString.pipe(z.url().optional()),
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,
  /** STUN/TURN servers for peer-to-peer rooms (no LiveKit): comma-separated stun:, turn: or turns: URLs. */
  ICE_SERVERS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(stun|turns?):[^\s]+$/, 'must be stun:, turn: or turns: URLs')).max(10)),
  TURN_USERNAME: optionalString,
  TURN_CREDENTIAL: optionalString,
  JOIN_EARLY_MINUTES: z.coerce.number().int().min(0).max(60).default(10),
  SESSION_WARNING_MINUTES: z
    .string()
    .default('5,1')
    .transform((v) => v.split(',').map((m) => Number(m.trim())))
    .pipe(z.array(z.number().int().min(1).max(60)).min(1).max(5)),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(600).default(15),

  CANCEL_CUTOFF_HOURS: z.coerce.number().min(0).max(168).default(12),
  OPEN_SLOTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  SESSION_IDLE_DAYS: z.coerce.number().min(0.01).max(90).default(14),
  SESSION_MAX_DAYS: z.coerce.number().min(0.01).max(365).default(30),
  RELATIONSHIP_ACCESS_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  MESSAGE_EMAIL_AFTER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),

  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_AUTHORIZATION_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),

  // Skool membership sync (worker; the web server reads the policy for CSV uploads and webhooks)
  SKOOL_GRACE_PERIOD_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  SKOOL_GRACE_WARNING_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  SKOOL_MAX_CANCEL_SHARE: z.coerce.number().min(0).max(1).default(0.2),
  SKOOL_SYNC_CRON: z.string().trim().default('*/30 * * * *'),
  SKOOL_MEMBERS_URL: optionalUrl,
  SKOOL_MEMBERS_TOKEN: optionalString,
  SKOOL_CSV_DIR: optionalString.transform((v) => (v === undefined ? undefined : path.resolve(repoRoot, v))),
  SKOOL_WEBHOOK_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  SKOOL_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  SKOOL_SYNC_REQUEST_POLL_SECONDS: z.coerce.number().min(0.1).max(300).default(5),
  /** How often the worker picks up completed sessions for their summary and topics. */
  POST_SESSION_POLL_SECONDS: z.coerce.number().min(0.1).max(300).default(5),
  /** The structured recap's LLM (any OpenAI-compatible chat-completions API); unset → the extractive recap. */
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  /** An appointment nobody joined becomes a no-show this long after its end. */
  NO_SHOW_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  SESSION_ARCHIVE_AFTER_MONTHS: z.coerce.number().int().min(1).max(120).default(6),

  // Privacy: retention, erasure, exports and backups
  TRANSCRIPT_RETENTION_DAYS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of days')
      .transform(Number)
      .pipe(z.number().int().min(1).max(36500))
      .optional(),
  ),
  ERASURE_COOLING_OFF_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  EXPORT_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  BACKUP_DIR: optionalString.transform((v) => (v === undefined ? undefined : path.resolve(repoRoot, v))),
  BACKUP_CRON: z.string().trim().default('30 2 * * *'),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),

  // Tips charged through Stripe; without the key and the webhook secret a tip stays a pledge
  STRIPE_SECRET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…)')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9]+$/, 'must be a webhook signing secret (whsec_…)')
      .optional(),
  ),
  STRIPE_API_URL: optionalUrl,
});

export type Env = z.infer<typeof envSchema> & { PUBLIC_URL: string; API_URL: string };

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid environment:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses the environment; a missing or bad variable is named in the thrown `EnvError`. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => ({
        variable: issue.path.join('.') || '(environment)',
        message: issue.message,
      })),
    );
  }
  const env = parsed.data;
  // A key without the webhook secret would charge tips that never show as paid.
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
    const missing = env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY';
    throw new EnvError([{ variable: missing, message: 'is required when the other Stripe setting is set' }]);
  }
  const local = `http://localhost:${env.PORT}`;
  return { ...env, PUBLIC_URL: env.PUBLIC_URL ?? local, API_URL: env.API_URL ?? local };
}

/** Narrows an optional variable to required for the process that needs it. */
export function requireEnv<K extends keyof Env>(env: Env, key: K): NonNullable<Env[K]> {
  const value = env[key];
  if (value === undefined || value === null) {
    throw new EnvError([{ variable: String(key), message: 'is required by this process' }]);
  }
  return value as NonNullable<Env[K]>;
}
