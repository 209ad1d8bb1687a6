import path from 'node:path';
import type { Env } from '@hybridcoach/config';

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
  /** Words that address the assistant at the start of an utterance. */
  wakePhrase: string;
  /** An unused Voice Agent connection closes after this (scribe mode). */
  voiceIdleMs: number;
  /** Null: no voice and no transcription; rooms get the timer and the chat (the worker summarises). */
  deepgram: DeepgramSettings | null;
}

/** The agent's settings, read from the one validated environment (packages/config). */
export function loadAgentConfig(env: Env): AgentConfig {
  return {
    agentId: env.AGENT_ID ?? null,
    maxRooms: env.AGENT_MAX_ROOMS,
    dataDir: env.AGENT_DATA_DIR ?? path.join(env.DATA_DIR, 'agent'),
    leaseMs: env.AGENT_LEASE_SECONDS * 1000,
    claimIntervalMs: env.AGENT_CLAIM_INTERVAL_SECONDS * 1000,
    tickMs: env.AGENT_TICK_SECONDS * 1000,
    endGraceMs: env.AGENT_END_GRACE_SECONDS * 1000,
    shutdownFlushMs: env.AGENT_SHUTDOWN_FLUSH_SECONDS * 1000,
    wakePhrase: env.AGENT_WAKE_PHRASE,
    voiceIdleMs: env.AGENT_VOICE_IDLE_SECONDS * 1000,
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
