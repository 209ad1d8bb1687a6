export { APP_BUNDLES, type AppProcess, startAppProcess, waitUntilReady } from './app-process';
export { type Env, EnvError, envSchema, loadEnv, requireEnv } from './env';
export { createLogger, type Logger } from './logger';
export {
  Counter,
  createMetricsRegistry,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  metricsAllowed,
  Registry,
} from './metrics';
export { type OpsServer, type Readiness, startOpsServer } from './ops-server';
export { repoRoot } from './repo-root';
