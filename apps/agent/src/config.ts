import path from 'node:path';
import { EnvError } from '@hybridcoach/config';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const seconds = (min: number, max: number, fallback: number) => z.coerce.number().min(min).max(max).default(fallback);

/**
 * The agent's own settings, on top of the shared environment (API_URL, AGENT_SERVICE_TOKEN,
 * DATA_DIR, LOG_LEVEL…). Parsed here because only the agent reads them.
 */
export const agentEnvSchema = z.object({
  AGENT_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores')
      .optional(),
  ),
  AGENT_MAX_ROOMS: z.coerce.number().int().min(1).max(100).default(10),
  AGENT_DATA_DIR: optionalString,
  AGENT_LEASE_SECONDS: seconds(3, 600, 30),
  AGENT_CLAIM_INTERVAL_SECONDS: seconds(0.1, 60, 2),
  AGENT_TICK_SECONDS: seconds(1, 300, 10),
  AGENT_END_GRACE_SECONDS: seconds(0, 3600, 60),
  AGENT_SHUTDOWN_FLUSH_SECONDS: seconds(0, 120, 10),

  DEEPGRAM_API_KEY: optionalString,
  DEEPGRAM_AGENT_URL: z.url().default('wss://agent.deepgram.com'),
  DEEPGRAM_API_URL: z.url().default('https://api.deepgram.com'),
  DEEPGRAM_LISTEN_MODEL: z.string().default('nova-3'),
  DEEPGRAM_THINK_PROVIDER: z.string().default('open_ai'),
  DEEPGRAM_THINK_MODEL: z.string().default('gpt-4o-mini'),
  DEEPGRAM_VOICE: z.string().default('aura-2-thalia-en'),
});

export interface DeepgramSettings {
  apiKey: string;
  agentUrl: string;
  apiUrl: string;
  listenModel: string;
  thinkProvider: string;
  thinkModel: string;
  voice: string;
}

export interface AgentConfig {
  agentId: string | null;
  maxRooms: number;
  dataDir: string;
  leaseMs: number;
  claimIntervalMs: number;
  tickMs: number;
  endGraceMs: number;
  shutdownFlushMs: number;
  /** Null: no voice; rooms get timer, persistence and an extractive summary. */
  deepgram: DeepgramSettings | null;
}

export function loadAgentConfig(source: NodeJS.ProcessEnv, dataDir: string): AgentConfig {
  const parsed = agentEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((i) => ({ variable: i.path.join('.') || '(environment)', message: i.message })),
    );
  }
  const env = parsed.data;
  return {
    agentId: env.AGENT_ID ?? null,
    maxRooms: env.AGENT_MAX_ROOMS,
    dataDir: path.resolve(env.AGENT_DATA_DIR ?? path.join(dataDir, 'agent')),
    leaseMs: env.AGENT_LEASE_SECONDS * 1000,
    claimIntervalMs: env.AGENT_CLAIM_INTERVAL_SECONDS * 1000,
    tickMs: env.AGENT_TICK_SECONDS * 1000,
    endGraceMs: env.AGENT_END_GRACE_SECONDS * 1000,
    shutdownFlushMs: env.AGENT_SHUTDOWN_FLUSH_SECONDS * 1000,
    deepgram: env.DEEPGRAM_API_KEY
      ? {
          apiKey: env.DEEPGRAM_API_KEY,
          agentUrl: env.DEEPGRAM_AGENT_URL,
          apiUrl: env.DEEPGRAM_API_URL,
          listenModel: env.DEEPGRAM_LISTEN_MODEL,
          thinkProvider: env.DEEPGRAM_THINK_PROVIDER,
          thinkModel: env.DEEPGRAM_THINK_MODEL,
          voice: env.DEEPGRAM_VOICE,
        }
      : null,
  };
}
