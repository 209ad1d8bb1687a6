import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { startTestServer, type TestServer } from '@hybridcoach/web/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAgent } from './agent';

const t = useTestDatabase();
const token = 'agent-token-for-tests-0123456789abcdef';
const logger = createLogger('agent-test', 'silent');
const health = { host: '127.0.0.1', port: 0 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ db: t.db, serviceTokens: { agent: token } });
});
afterAll(() => server.close());

async function healthOf(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return {
    status: res.status,
    body: (await res.json()) as { ready: boolean; api: { status: string; service?: string } },
  };
}

describe('agent process', () => {
  test('authenticates as the agent service over tRPC and reports healthy', async () => {
    const agent = await startAgent({ apiUrl: server.url, token, logger, health });
    try {
      expect(await agent.ready).toMatchObject({ status: 'connected', service: 'agent' });
      const report = await healthOf(agent.healthPort);
      expect(report.status).toBe(200);
      expect(report.body.api).toMatchObject({ status: 'connected', service: 'agent' });
    } finally {
      await agent.stop();
    }
  });

  test('reports unhealthy when the server refuses its token', async () => {
    const agent = await startAgent({
      apiUrl: server.url,
      token: 'not-the-agent-token-000000000000000',
      logger,
      health,
    });
    try {
      expect((await agent.ready).status).toBe('rejected');
      expect((await healthOf(agent.healthPort)).status).toBe(503);
    } finally {
      await agent.stop();
    }
  });

  test('keeps retrying until the server is reachable', async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    const agent = await startAgent({
      apiUrl: `http://127.0.0.1:${port}`,
      token,
      logger,
      health,
      retryMs: 50,
      maxRetryMs: 100,
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(agent.state()).toMatchObject({ status: 'connecting' });
      const late = await startTestServer({ db: t.db, serviceTokens: { agent: token }, port });
      try {
        expect(await agent.ready).toMatchObject({ status: 'connected' });
      } finally {
        await late.close();
      }
    } finally {
      await agent.stop();
    }
  });
});
