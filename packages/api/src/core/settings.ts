import path from 'node:path';
import type { Env } from '@hybridcoach/config';
import type { SessionPolicy } from '../auth/session-token';
import type { SkoolSyncSettings } from '../skool/sync-settings';

const DAY_MS = 86_400_000;

/** The slice of configuration procedures need, derived once from the environment. */
export interface AppSettings {
  production: boolean;
  /** Dev-only features (dev sign-in, dev mailbox) exist only when this is true. */
  devTools: boolean;
  /** The URL people use, without a trailing slash: links are `${publicUrl}/path`. */
  publicUrl: string;
  /** Origins whose cookie-authenticated mutations are accepted. */
  trustedOrigins: string[];
  adminEmails: ReadonlySet<string>;
  google: { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string } | null;
  /** Where profile photos are stored; served at /photos/. */
  photoDir: string;
  scheduling: { cancelCutoffHours: number };
  /** Calls per minute one requester may make of the costliest reads (see core/expensive.ts). */
  budgets: { openSlotsPerMinute: number };
  /** When a sign-in ends: after `idleMs` without use, and `absoluteMs` after it began. */
  sessions: SessionPolicy;
  /** How long after their last session together a coach keeps access to a client's data. */
  relationships: { accessDays: number };
  /** A message unread this long is emailed to its recipient (if they want message emails). */
  messages: { emailAfterMinutes: number };
  /** LiveKit Cloud or a LiveKit server; null means text-only rooms. */
  livekit: { url: string; apiKey: string; apiSecret: string } | null;
  session: { joinEarlyMinutes: number; warningMinutes: number[]; noShowGraceMinutes: number };
  /** ICE servers browsers use for peer-to-peer rooms (none needed on one machine or a LAN). */
  iceServers: IceServer[];
  /** The membership policy every Skool sync applies, wherever it runs. */
  skool: SkoolSyncSettings;
  /**
   * Which Skool sources are set up (never their addresses): "sync now" is offered only with a
   * members endpoint to pull from.
   */
  skoolSources: { membersEndpoint: boolean; csvFolder: boolean };
  /** Signed Skool membership webhooks; null when SKOOL_WEBHOOK_SECRET is not set (route off). */
  skoolWebhook: { secret: string; toleranceSeconds: number } | null;
  /** Tips charged through Stripe; null when STRIPE_SECRET_KEY is not set (tips stay pledges). */
  stripe: StripeSettings | null;
  privacy: PrivacySettings;
}

export interface PrivacySettings {
  /** Where data exports are written, sealed (DATA_DIR/exports: the web server serves them, the worker writes them). */
  exportDir: string;
  exportLinkHours: number;
  erasureCoolingOffDays: number;
  /** Transcripts and chat of sessions that ended longer ago are purged; null keeps them. */
  transcriptRetentionDays: number | null;
}

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** Another API base (a stand-in in tests); null means Stripe's own. */
  apiUrl: string | null;
}

/** One STUN or TURN server as RTCPeerConnection takes it (TURN with the shared credentials). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

function iceServersFrom(env: Env): IceServer[] {
  const stun = env.ICE_SERVERS.filter((u) => u.startsWith('stun:'));
  const turn = env.ICE_SERVERS.filter((u) => !u.startsWith('stun:'));
  return [
    ...(stun.length > 0 ? [{ urls: stun }] : []),
    ...(turn.length > 0
      ? [{ urls: turn, username: env.TURN_USERNAME ?? undefined, credential: env.TURN_CREDENTIAL ?? undefined }]
      : []),
  ];
}

export function settingsFromEnv(env: Env): AppSettings {
  const production = env.NODE_ENV === 'production';
  const publicOrigin = new URL(env.PUBLIC_URL).origin;
  // In development the SPA is served by Vite on its own port and proxies to us.
  const devOrigins = production
    ? []
    : [`http://localhost:${env.VITE_PORT}`, `http://127.0.0.1:${env.VITE_PORT}`, `http://127.0.0.1:${env.PORT}`];
  return {
    production,
    devTools: !production,
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
    trustedOrigins: [publicOrigin, ...devOrigins],
    adminEmails: new Set(env.ADMIN_EMAILS),
    google:
      env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
        ? {
            clientId: env.GOOGLE_CLIENT_ID,
            clientSecret: env.GOOGLE_CLIENT_SECRET,
            authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
            tokenUrl: env.GOOGLE_TOKEN_URL,
          }
        : null,
    photoDir: path.join(env.DATA_DIR, 'photos'),
    scheduling: { cancelCutoffHours: env.CANCEL_CUTOFF_HOURS },
    relationships: { accessDays: env.RELATIONSHIP_ACCESS_DAYS },
    budgets: { openSlotsPerMinute: env.OPEN_SLOTS_PER_MINUTE },
    sessions: { idleMs: env.SESSION_IDLE_DAYS * DAY_MS, absoluteMs: env.SESSION_MAX_DAYS * DAY_MS },
    messages: { emailAfterMinutes: env.MESSAGE_EMAIL_AFTER_MINUTES },
    livekit:
      env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
        ? { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET }
        : null,
    iceServers: iceServersFrom(env),
    session: {
      joinEarlyMinutes: env.JOIN_EARLY_MINUTES,
      warningMinutes: [...env.SESSION_WARNING_MINUTES].sort((a, b) => b - a),
      noShowGraceMinutes: env.NO_SHOW_GRACE_MINUTES,
    },
    skool: {
      gracePeriodDays: env.SKOOL_GRACE_PERIOD_DAYS,
      warningDays: env.SKOOL_GRACE_WARNING_DAYS,
      maxCancelShare: env.SKOOL_MAX_CANCEL_SHARE,
    },
    skoolSources: { membersEndpoint: Boolean(env.SKOOL_MEMBERS_URL), csvFolder: Boolean(env.SKOOL_CSV_DIR) },
    skoolWebhook: env.SKOOL_WEBHOOK_SECRET
      ? { secret: env.SKOOL_WEBHOOK_SECRET, toleranceSeconds: env.SKOOL_WEBHOOK_TOLERANCE_SECONDS }
      : null,
    stripe:
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
        ? {
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            apiUrl: env.STRIPE_API_URL ?? null,
          }
        : null,
    privacy: {
      exportDir: path.join(env.DATA_DIR, 'exports'),
      exportLinkHours: env.EXPORT_LINK_HOURS,
      erasureCoolingOffDays: env.ERASURE_COOLING_OFF_DAYS,
      transcriptRetentionDays: env.TRANSCRIPT_RETENTION_DAYS ?? null,
    },
  };
}
