import { createLogger, loadEnv, requireEnv } from '@hybridcoach/config';
import { startAgent } from './agent';

const env = loadEnv();
const logger = createLogger('agent', env.LOG_LEVEL);
const agent = await startAgent({
  apiUrl: env.API_URL,
  token: requireEnv(env, 'AGENT_SERVICE_TOKEN'),
  logger,
  health: { host: env.HOST, port: env.AGENT_HEALTH_PORT },
});
logger.info({ healthz: `http://${env.HOST}:${agent.healthPort}/healthz` }, 'agent started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'agent stopping');
  await agent.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
