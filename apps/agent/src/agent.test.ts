import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { buildServer } from '@hybridcoach/web/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAgent } from './agent';

const t = useTestDatabase();
const token = 'agent-token-for-tests-0123456789abcdef';
const logger = createLogger('agent-test', 'silent');
let server: Awaited<ReturnType<typeof buildServer>>;
let apiUrl = '';

beforeAll(async () => {
  server = await buildServer({
    db: t.db,
    logger,
    serviceTokens: { agent: token },
    staticDir: null,
  });
  apiUrl = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => server.close());

async function healthOf(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return {
    status: res.status,
    body: (await res.json()) as { healthy: boolean; api: { status: string; service?: string } },
  };
}

describe('agent process', () => {
  test('authenticates as the agent service over tRPC and reports healthy', async () => {
    const agent = await startAgent({
      apiUrl,
      token,
      logger,
      health: { host: '127.0.0.1', port: 0 },
    });
    try {
      expect(await agent.ready).toMatchObject({ status: 'connected', service: 'agent' });
      const health = await healthOf(agent.healthPort);
      expect(health.status).toBe(200);
      expect(health.body.api).toMatchObject({ status: 'connected', service: 'agent' });
    } finally {
      await agent.stop();
    }
  });

  test('reports unhealthy when the server refuses its token', async () => {
    const agent = await startAgent({
      apiUrl,
      token: 'not-the-agent-token-000000000000000',
      logger,
      health: { host: '127.0.0.1', port: 0 },
    });
    try {
      expect((await agent.ready).status).toBe('rejected');
      expect((await healthOf(agent.healthPort)).status).toBe(503);
    } finally {
      await agent.stop();
    }
  });

  test('keeps retrying until the server is reachable', async () => {
    const late = await buildServer({
      db: t.db,
      logger,
      serviceTokens: { agent: token },
      staticDir: null,
    });
    const port = 40000 + Math.floor(Math.random() * 20000);
    const agent = await startAgent({
      apiUrl: `http://127.0.0.1:${port}`,
      token,
      logger,
      health: { host: '127.0.0.1', port: 0 },
      retryMs: 50,
      maxRetryMs: 100,
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(agent.state()).toMatchObject({ status: 'connecting' });
      await late.listen({ host: '127.0.0.1', port });
      expect(await agent.ready).toMatchObject({ status: 'connected' });
    } finally {
      await agent.stop();
      await late.close();
    }
  });
});
