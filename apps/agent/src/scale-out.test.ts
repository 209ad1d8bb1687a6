// Several of each process on one PostgreSQL, as past one machine: two web servers and two
// workers as their own processes (the production bundles, configured by the environment only)
// and two agents, with participants spread over both web servers. Kills one web server and one
// agent mid-session and checks that nothing they had is lost or stored twice.
import { type AppProcess, startAppProcess } from '@hybridcoach/config';
import { freePort, testKeyText, useTestDatabase } from '@hybridcoach/db/testing';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningAgent, startAgent } from './agent';
import { DeepgramStandin } from './test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  DEEPGRAM_KEY,
  deepgramFor,
  fastRooms,
  LIVEKIT,
  signIn,
  storedTranscript,
  tempDir,
  testLogger,
  until,
} from './test-support/harness';
import { spoken } from './test-support/live-room';
import { MemoryTransport } from './transport/memory-transport';

const t = useTestDatabase();
const METRICS_TOKEN = 'metrics-token-for-scale-out-0123456789ab';
const hub = new MemoryTransport();
const logLevel = process.env.TEST_LOG_LEVEL ?? 'warn';
let standin: DeepgramStandin;
let dataDir: string;
const processes: AppProcess[] = [];
const agents: RunningAgent[] = [];
/** What any agent heard in each room: the transcript that must be stored, once each. */
const heard = new Map<string, string[]>();

async function webServer(name: string): Promise<AppProcess> {
  const port = await freePort();
  const web = await startAppProcess(
    name,
    'web',
    {
      NODE_ENV: 'development',
      LOG_LEVEL: logLevel,
      DATABASE_URL: t.url,
      DATABASE_POOL_SIZE: '4',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      ENCRYPTION_KEYS: testKeyText,
      AGENT_SERVICE_TOKEN: AGENT_TOKEN,
      LIVEKIT_URL: LIVEKIT.url,
      LIVEKIT_API_KEY: LIVEKIT.apiKey,
      LIVEKIT_API_SECRET: LIVEKIT.apiSecret,
      ADMIN_EMAILS: 'ops@clinic.example',
      METRICS_TOKEN,
      // Draining must not wait on live streams or idle keep-alive connections until this runs out.
      SHUTDOWN_GRACE_SECONDS: '30',
    },
    port,
  );
  processes.push(web);
  return web;
}

async function worker(name: string): Promise<AppProcess> {
  const port = await freePort();
  const started = await startAppProcess(
    name,
    'worker',
    {
      NODE_ENV: 'development',
      LOG_LEVEL: logLevel,
      DATABASE_URL: t.url,
      DATABASE_POOL_SIZE: '3',
      HOST: '127.0.0.1',
      WORKER_HEALTH_PORT: String(port),
      WORKER_POLL_SECONDS: '0.5',
      DATA_DIR: dataDir,
      ENCRYPTION_KEYS: testKeyText,
      METRICS_TOKEN,
    },
    port,
  );
  processes.push(started);
  return started;
}

async function agent(agentId: string, apiUrl: string, agentDir: string, maxRooms: number): Promise<RunningAgent> {
  const started = await startAgent({
    apiUrl,
    token: AGENT_TOKEN,
    logger: testLogger(`agent-${agentId}`),
    health: { host: '127.0.0.1', port: 0 },
    retryMs: 30,
    maxRetryMs: 100,
    requestTimeoutMs: 2000,
    rooms: {
      ...fastRooms({ dataDir: agentDir, transport: hub, deepgram: deepgramFor(standin), agentId, maxRooms }),
      observer: ({ appointmentId, kind, content }) => {
        if (kind === 'segment') heard.set(appointmentId, [...(heard.get(appointmentId) ?? []), content]);
      },
    },
  });
  agents.push(started);
  expect(await started.ready).toMatchObject({ status: 'connected' });
  return started;
}

/** A live appointment: the client on web server `clientOn`, the coach on `coachOn`, both in the room. */
async function liveRoom(clientOn: AppProcess, coachOn: AppProcess) {
  const { coach, client, appointment } = await t.given.appointment();
  const clientApi = await signIn(clientOn.url, client.id);
  const coachApi = await signIn(coachOn.url, coach.id);
  await clientApi.session.join.mutate({ appointmentId: appointment.id });
  await coachApi.session.join.mutate({ appointmentId: appointment.id });
  const room = hub.room(appointment.roomId);
  room.addParticipant({ identity: client.id, role: 'client' });
  room.addParticipant({ identity: coach.id, role: 'coach' });
  return { appointment, client, coach, clientApi, coachApi, room };
}
type Room = Awaited<ReturnType<typeof liveRoom>>;

type Api = Awaited<ReturnType<typeof signIn>>;

/** A participant's live feed from `lastEventId` on: event ids and the chat lines among them. */
function feed(api: Api, appointmentId: string, lastEventId: string | null = null) {
  const ids: string[] = [];
  const chat: string[] = [];
  const sub = api.session.events.subscribe(
    { appointmentId, lastEventId },
    {
      onData: (event) => {
        ids.push(event.id);
        if (event.data.type === 'message' && event.data.message.kind === 'chat') chat.push(event.data.message.content);
      },
      onError: () => {},
    },
  );
  return { ids, chat, stop: () => sub.unsubscribe() };
}

const servedBy = (a: RunningAgent) => a.rooms().map((r) => r.appointmentId);
const waitForAgentsIn = (rooms: Room[], agentId?: string) =>
  until(
    () => rooms.every((r) => (agentId ? r.room.agentIdentity === `agent-${agentId}` : r.room.agentIdentity !== null)),
    10_000,
    'an agent in every room',
  );

/** Each room's client says `text` (each participant is transcribed on their own stream). */
async function clientsSay(rooms: Room[], text: string) {
  const pcm = await spoken(standin, text);
  for (const r of rooms) await r.room.speak(r.client.id, pcm);
}

/** Sum of one series over processes' /metrics. */
async function metricSum(urls: string[], pattern: RegExp): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) =>
      r.text(),
    );
    for (const line of text.split('\n')) if (pattern.test(line)) total += Number(line.split(' ').at(-1));
  }
  return total;
}

beforeAll(async () => {
  dataDir = await tempDir('hc-scale-');
  standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY, replyAudioMs: 0 });
});
afterAll(async () => {
  for (const a of agents.splice(0)) await a.stop({ graceful: false });
  await Promise.all(processes.map((p) => p.kill()));
  await standin?.close();
});

describe('two web servers, two workers and two agents on one database', () => {
  test('fan out chat, run each job once, serve each room with one agent, and lose nothing when a web server and an agent die', async () => {
    const [a, b] = await Promise.all([webServer('web-a'), webServer('web-b')]);
    const workers = await Promise.all([worker('worker-1'), worker('worker-2')]);
    try {
      // Agent 1 (through web A) fills up with the first two rooms; agent 2 (through B) takes the rest.
      const agentDir = await tempDir('hc-agent-1-');
      const first = await agent('agent-1', a.url, agentDir, 2);
      const early = [await liveRoom(a, b), await liveRoom(b, a)];
      await until(() => first.rooms().length === 2, 8000, 'agent 1 to claim two rooms');
      const second = await agent('agent-2', b.url, await tempDir('hc-agent-2-'), 4);
      const late = [await liveRoom(a, b), await liveRoom(b, a)];
      const rooms = [...early, ...late];
      await until(() => second.rooms().length === 2, 8000, 'agent 2 to claim the other two');
      await waitForAgentsIn(rooms);

      // Each room is served by exactly one agent, and the database agrees.
      const ids = rooms.map((r) => r.appointment.id);
      expect([...servedBy(first), ...servedBy(second)].sort()).toEqual([...ids].sort());
      const assignments = await t.db.agentAssignment.findMany({ where: { appointmentId: { in: ids } } });
      expect(assignments.map((x) => [x.appointmentId, x.agentId]).sort()).toEqual(
        [...early.map((r) => [r.appointment.id, 'agent-1']), ...late.map((r) => [r.appointment.id, 'agent-2'])].sort(),
      );

      // Chat: a message posted on one web server reaches the subscriber on the other.
      const [room] = rooms as [Room];
      const clientFeed = feed(room.clientApi, room.appointment.id); // on web A
      const coachFeed = feed(room.coachApi, room.appointment.id); // on web B
      await room.clientApi.session.sendMessage.mutate({ appointmentId: room.appointment.id, content: 'posted on A' });
      await room.coachApi.session.sendMessage.mutate({ appointmentId: room.appointment.id, content: 'posted on B' });
      await until(() => coachFeed.chat.length === 2 && clientFeed.chat.length === 2, 8000, 'chat fan-out');
      expect(coachFeed.chat).toEqual(['posted on A', 'posted on B']);
      expect(clientFeed.chat).toEqual(['posted on A', 'posted on B']);

      // Jobs: each one runs on exactly one of the two workers.
      const boss = new PgBoss({ connectionString: t.url, max: 2 });
      await boss.start();
      const jobIds = await Promise.all(Array.from({ length: 6 }, () => boss.send('heartbeat', {})));
      await boss.stop({ graceful: false });
      const completed = async () =>
        (
          await t.db.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM pgboss.job WHERE name = 'heartbeat' AND state = 'completed'
              AND id = ANY(${jobIds}::uuid[]) AND retry_count = 0`
        )[0]?.n;
      await until(async () => (await completed()) === 6n, 10_000, 'six heartbeat jobs');
      const allCompleted = await t.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pgboss.job WHERE name = 'heartbeat' AND state = 'completed'`;
      const runs = await metricSum(
        workers.map((w) => w.url),
        /^hc_jobs_total\{queue="heartbeat",outcome="(completed|failed)",app="worker"\}/,
      );
      expect(runs).toBe(Number(allCompleted[0]?.n));

      // Transcript while everything is up.
      await clientsSay(rooms, 'one');
      await clientsSay(rooms, 'two');
      await until(
        async () => (await Promise.all(ids.map((id) => storedTranscript(t.db, id)))).every((s) => s.length === 2),
        8000,
        'the first segments stored',
      );

      // Web A dies mid-session: agent 1's segments (it talks to A) cannot be delivered.
      await clientsSay(rooms, 'three');
      await a.kill();
      // Cut off from the API, agent 1 still proves its lease for a while: it hears this and journals it.
      await clientsSay(rooms, 'four');
      await until(
        () => early.every((r) => heard.get(r.appointment.id)?.includes('four')) && first.metrics().segmentsBuffered > 0,
        5000,
        'agent 1 to hold undelivered segments',
      );
      // …and agent 1 dies too, its journal on disk.
      await first.stop({ graceful: false });
      agents.splice(agents.indexOf(first), 1);
      clientFeed.stop();
      await room.coachApi.session.sendMessage.mutate({ appointmentId: room.appointment.id, content: 'A is gone' });

      // Agent 2 takes over agent 1's rooms once their leases lapse, and keeps transcribing.
      await until(() => second.rooms().length === 4, 25_000, 'agent 2 to take over');
      await waitForAgentsIn(early, 'agent-2');
      await clientsSay(rooms, 'five');

      // Agent 1 comes back (on B: A is gone) and delivers its journal.
      const back = await agent('agent-1', b.url, agentDir, 2);
      await until(() => back.metrics().segmentsBuffered === 0 && back.metrics().segmentsStored > 0, 8000, 'replay');

      const expected = ['one', 'two', 'three', 'four', 'five'];
      for (const id of ids) {
        await until(async () => (await storedTranscript(t.db, id)).length >= expected.length, 8000, `room ${id}`);
      }
      await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show up here
      for (const id of ids) {
        const stored = await storedTranscript(t.db, id);
        expect(stored.map((s) => s.content)).toEqual(expected);
        expect(heard.get(id)).toEqual(expected);
        expect(new Set(stored.map((s) => s.idempotencyKey)).size).toBe(expected.length);
      }

      // The client, reconnecting to B where its feed on A stopped, misses nothing and sees nothing twice.
      const resumed = feed(await signIn(b.url, room.client.id), room.appointment.id, clientFeed.ids.at(-1) ?? null);
      await until(() => resumed.chat.length === 1, 8000, 'the resumed feed');
      expect([...clientFeed.chat, ...resumed.chat]).toEqual(['posted on A', 'posted on B', 'A is gone']);
      expect(resumed.ids.filter((id) => clientFeed.ids.includes(id))).toEqual([]);
      resumed.stop();
      coachFeed.stop();

      // Each process reports what it did.
      expect(
        await metricSum(
          [b.url],
          /^hc_trpc_requests_total\{procedure="agent.appendTranscript",type="mutation",outcome="ok"/,
        ),
      ).toBeGreaterThan(0);
      const agentMetrics = await fetch(`http://127.0.0.1:${second.healthPort}/metrics`).then((r) => r.text());
      expect(agentMetrics).toContain('hc_agent_rooms_active{app="agent"} 4');

      // SIGTERM to B while agents still talk to it: it drains (streams cut, requests finished) and exits.
      const draining = performance.now();
      expect(await b.stop()).toBe(0);
      expect(performance.now() - draining).toBeLessThan(10_000);
    } finally {
      for (const w of workers) expect(await w.stop()).toBe(0);
    }
  });
});
