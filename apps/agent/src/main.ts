import { createLogger, loadEnv, requireEnv } from '@hybridcoach/config';
import { startAgent } from './agent';
import { loadAgentConfig } from './config';
import { LiveKitTransport } from './transport/livekit-transport';
import { RelayTransport } from './transport/relay-transport';

const env = loadEnv();
const logger = createLogger('agent', env.LOG_LEVEL);
const config = loadAgentConfig(env);
const livekitConfigured = Boolean(env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET);

logger.info(
  {
    livekit: livekitConfigured
      ? 'configured: the agent joins rooms with tokens the server mints'
      : 'not configured (LIVEKIT_URL/KEY/SECRET): rooms are peer-to-peer; their microphones reach the agent through the relay',
    deepgram: config.deepgram
      ? 'configured: each participant transcribed on their own stream; the assistant speaks when addressed'
      : 'not configured (DEEPGRAM_API_KEY): no transcription and no voice',
    dataDir: config.dataDir,
  },
  config.deepgram
    ? 'agent starting with voice'
    : 'agent starting without voice: rooms get timer warnings, and the worker summarises what was written',
);

const token = requireEnv(env, 'AGENT_SERVICE_TOKEN');
const agent = await startAgent({
  apiUrl: env.API_URL,
  token,
  logger,
  health: { host: env.HOST, port: env.AGENT_HEALTH_PORT, metricsToken: env.METRICS_TOKEN },
  rooms: {
    agentId: config.agentId,
    dataDir: config.dataDir,
    maxRooms: config.maxRooms,
    leaseMs: config.leaseMs,
    claimIntervalMs: config.claimIntervalMs,
    tickMs: config.tickMs,
    endGraceMs: config.endGraceMs,
    shutdownFlushMs: config.shutdownFlushMs,
    wakePhrase: config.wakePhrase,
    voiceIdleMs: config.voiceIdleMs,
    deepgram: config.deepgram,
    // The server decides whether rooms have LiveKit: a claim carries a token only when it does.
    transport: new LiveKitTransport(),
    // Without LiveKit, a claim names the relay instead: the browsers' microphones through the server.
    relay: new RelayTransport({ apiUrl: env.API_URL, token }),
  },
});
logger.info(
  {
    readyz: `http://${env.HOST}:${agent.healthPort}/readyz`,
    metrics: `http://${env.HOST}:${agent.healthPort}/metrics`,
  },
  'agent started',
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'agent stopping: leaving rooms, flushing the transcript buffer, releasing claims');
  await agent.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
