import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EnvError, envSchema, loadEnv, requireEnv } from './env';
import { repoRoot } from './repo-root';

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

  test("the README documents every variable, with the agent's among them", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const undocumented = Object.keys(envSchema.shape).filter((name) => !readme.includes(`| \`${name}\``));
    expect(undocumented).toEqual([]);
  });

  test('a bad agent setting is named like any other', () => {
    expect(() => loadEnv({ AGENT_MAX_ROOMS: '0', AGENT_ID: 'has spaces' })).toThrow(
      /AGENT_MAX_ROOMS[\s\S]*AGENT_ID|AGENT_ID[\s\S]*AGENT_MAX_ROOMS/,
    );
  });

  test('Stripe needs its key and its webhook secret together, each in its own format', () => {
    expect(() => loadEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123' })).toThrow(
      'STRIPE_WEBHOOK_SECRET: is required when the other Stripe setting is set',
    );
    expect(() => loadEnv({ STRIPE_WEBHOOK_SECRET: 'whsec_abc123' })).toThrow('STRIPE_SECRET_KEY: is required');
    expect(() => loadEnv({ STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toThrow(
      'STRIPE_SECRET_KEY: must be a Stripe secret or restricted key',
    );
    const env = loadEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' });
    expect(env).toMatchObject({ STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' });
  });
});
