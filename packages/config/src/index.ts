export { EnvError, type Env, envSchema, loadEnv, requireEnv } from './env';
export { repoRoot } from './repo-root';
export { createLogger, type Logger } from './logger';
