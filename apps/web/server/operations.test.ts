import http from 'node:http';
import net from 'node:net';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ db: t.db, databaseUrl: t.url, metricsToken: METRICS_TOKEN });
});
afterAll(() => server.close());

const scrape = (s: TestServer, authorization?: string) =>
  fetch(`${s.url}/metrics`, { headers: authorization ? { authorization } : {} });

/** A signed-in participant of a live appointment, as a browser-like client. */
async function participant(s: TestServer) {
  const { client, appointment } = await t.given.appointment();
  const browser = createBrowserClient(s.url);
  await browser.client.dev.signInAs.mutate({ userId: client.id });
  await browser.client.session.join.mutate({ appointmentId: appointment.id });
  return { ...browser, appointment };
}

/** A raw SSE request for the appointment's events; resolves once the stream is open. */
function openStream(s: TestServer, appointmentId: string, cookie: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { appointmentId, lastEventId: null } }));
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.get(`${s.url}/trpc/session.events?input=${input}`, {
      headers: { accept: 'text/event-stream', cookie },
    });
    req.on('response', resolve);
    req.on('error', reject);
  });
}

describe('health endpoints', () => {
  test('live, and ready while the database answers and NOTIFYs arrive', async () => {
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, draining: false, listening: true, database: { up: true } });
  });
});

describe('/metrics', () => {
  test('needs the bearer token, and is not served at all without one configured', async () => {
    expect((await scrape(server)).status).toBe(401);
    expect((await scrape(server, 'Bearer wrong-token-wrong-token-wrong-token-00')).status).toBe(401);
    const unconfigured = await startTestServer({ db: t.db });
    try {
      expect((await scrape(unconfigured, `Bearer ${METRICS_TOKEN}`)).status).toBe(404);
    } finally {
      await unconfigured.close();
    }
  });

  test('counts and times each procedure, its errors, open streams, delivery lag and the pool', async () => {
    const { client, jar, appointment } = await participant(server);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    await client.session.sendMessage.mutate({ appointmentId: appointment.id, content: 'hello from the metrics test' });
    await client.session.join.mutate({ appointmentId: 'not-an-appointment' }).catch(() => undefined);
    const stream = await openStream(server, appointment.id, cookie);
    // The history replays at once: the chat message is delivered, and its lag observed.
    await new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('hello from the metrics test')) resolve();
      });
    });

    const res = await scrape(server, `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /hc_trpc_requests_total\{procedure="session.sendMessage",type="mutation",outcome="ok",app="web"\} 1/,
    );
    expect(text).toMatch(
      /hc_trpc_request_duration_seconds_count\{app="web",procedure="session.join",type="mutation"\} 2/,
    );
    expect(text).toMatch(/hc_trpc_errors_total\{procedure="session.join",code="(BAD_REQUEST|NOT_FOUND)",app="web"\} 1/);
    expect(text).toContain('hc_sse_streams_open{app="web"} 1');
    expect(text).toMatch(/hc_session_event_delivery_lag_seconds_count\{app="web",procedure="session.events"\} [1-9]/);
    expect(text).toContain('hc_event_bus_listening{app="web"} 1');
    expect(text).toMatch(/hc_db_pool_connections\{state="max",app="web"\} \d+/);
    expect(text).toContain('process_cpu_seconds_total');
    stream.destroy();
  });
});

describe('draining on shutdown', () => {
  test('stops accepting, cuts live streams, and lets a request in flight finish', async () => {
    const draining = await startTestServer({ db: t.db, databaseUrl: t.url });
    const { jar, appointment } = await participant(draining);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const stream = await openStream(draining, appointment.id, cookie);
    const streamClosed = new Promise<void>((resolve) => stream.on('close', () => resolve()));

    // A request half sent when the shutdown begins: its body arrives afterwards.
    const { port } = new URL(draining.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const body = JSON.stringify({ json: { appointmentId: appointment.id, content: 'sent while draining' } });
    socket.write(
      `POST /trpc/session.sendMessage HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
        `origin: ${draining.url}\r\ncookie: ${cookie}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, 50));
    let answer = '';
    socket.on('data', (d: Buffer) => {
      answer += d.toString();
    });

    const closed = draining.close();
    await streamClosed;
    await expect(fetch(`${draining.url}/livez`)).rejects.toThrow();
    socket.write(body);
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(await t.db.message.count({ where: { content: 'sent while draining' } })).toBe(1);
    socket.destroy();
  });
});
