import { describe, expect, test } from 'vitest';
import { EnvError, loadEnv, requireEnv } from './env';

describe('environment', () => {
  test('an empty environment gives the embedded defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATABASE_POOL_SIZE: 10,
      EMBEDDED_PG_PORT: 54329,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PUBLIC_URL).toBe('http://localhost:3000');
    expect(env.DATA_DIR).toMatch(/\.data$/);
  });

  test('a bad environment names every bad variable', () => {
    let error: unknown;
    try {
      loadEnv({
        PORT: 'eighty',
        DATABASE_URL: 'not a url',
        NODE_ENV: 'staging',
        AGENT_SERVICE_TOKEN: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const variables = (error as EnvError).issues.map((i) => i.variable).sort();
    expect(variables).toEqual(['AGENT_SERVICE_TOKEN', 'DATABASE_URL', 'NODE_ENV', 'PORT']);
    expect((error as EnvError).message).toContain('AGENT_SERVICE_TOKEN: must be at least 32 characters');
  });

  test('a variable a process needs is named when missing', () => {
    expect(() => requireEnv(loadEnv({}), 'AGENT_SERVICE_TOKEN')).toThrow(
      'AGENT_SERVICE_TOKEN: is required by this process',
    );
  });

  test('empty strings count as unset', () => {
    expect(loadEnv({ DATABASE_URL: '', PUBLIC_URL: ' ' }).DATABASE_URL).toBeUndefined();
  });
});
