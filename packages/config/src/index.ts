export { type Env, EnvError, envSchema, loadEnv, requireEnv } from './env';
export { createLogger, type Logger } from './logger';
export { repoRoot } from './repo-root';
