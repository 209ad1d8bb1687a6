import { Writable } from 'node:stream';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { startTestServer, type TestServer } from '@hybridcoach/web/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningAgent, startAgent } from './agent';
import { AGENT_TOKEN, createRoom, fastRooms, signIn, TestClock, tempDir, until } from './test-support/harness';
import { MemoryTransport } from './transport/memory-transport';

const t = useTestDatabase();
const clock = new TestClock();
const logLines: { msg: string; [key: string]: unknown }[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  }),
);
let server: TestServer;
let agent: RunningAgent;

beforeAll(async () => {
  // No LiveKit on the server, no Deepgram for the agent: the product still runs.
  server = await startTestServer({ db: t.db, serviceTokens: { agent: AGENT_TOKEN }, now: clock.now });
  agent = await startAgent({
    apiUrl: server.url,
    token: AGENT_TOKEN,
    logger,
    health: { host: '127.0.0.1', port: 0 },
    rooms: fastRooms({ dataDir: await tempDir(), transport: new MemoryTransport(), deepgram: null }),
  });
});
afterAll(async () => {
  await agent.stop();
  await server.close();
});

const chat = [
  ['client', 'I have been sleeping badly again this week.'],
  ['coach', 'What keeps you awake at night?'],
  ['client', 'Work thoughts keep racing when I lie down, so my sleep is short.'],
  ['coach', 'Let us try a breathing exercise before sleep: four counts in, six counts out.'],
  ['client', 'A breathing exercise sounds doable. I will try it every night.'],
  ['coach', 'Great. Also keep your phone out of the bedroom.'],
] as const;

describe('a text room (no LiveKit, no Deepgram)', () => {
  test('says so at start-up', async () => {
    await until(() => logLines.some((l) => l.msg.startsWith('agent serving rooms without voice')), 5000, 'the log');
    expect(logLines.find((l) => l.msg.startsWith('agent serving rooms'))).toMatchObject({
      voice: 'off (no DEEPGRAM_API_KEY)',
    });
  });

  test('gets its timer warning and, when its time is up, is completed and handed to the worker', async () => {
    const { coach, client, appointment } = await createRoom(t.db, { startOffsetMin: -26, durationMin: 30 });
    const people = { client: await signIn(server.url, client.id), coach: await signIn(server.url, coach.id) };
    await people.client.session.join.mutate({ appointmentId: appointment.id });
    await people.coach.session.join.mutate({ appointmentId: appointment.id });
    await until(
      () => agent.rooms().some((r) => r.appointmentId === appointment.id && r.state === 'live'),
      5000,
      'the claim',
    );
    expect(agent.rooms()).toMatchObject([
      { appointmentId: appointment.id, state: 'live', media: 'none', voice: 'off', transcription: [] },
    ]);
    expect(logLines.some((l) => l.msg === 'serving text room: timer and transcript persistence')).toBe(true);

    // Four minutes left: the five-minute warning is due and goes out once.
    await until(() => agent.metrics().timerWarnings === 1, 5000, 'the timer warning');
    expect(await t.db.sessionEvent.count({ where: { appointmentId: appointment.id, type: 'timer_warning' } })).toBe(1);

    for (const [who, content] of chat)
      await people[who].session.sendMessage.mutate({ appointmentId: appointment.id, content });

    const health = await fetch(`http://127.0.0.1:${agent.healthPort}/metrics`).then((r) => r.text());
    expect(health).toContain('hc_agent_rooms_active{app="agent"} 1');
    expect(health).toContain('hc_agent_segments_buffered{app="agent"} 0');
    expect(health).toContain('hc_agent_timer_warnings_total{app="agent"} 1');
    expect(health).toContain('hc_agent_rooms_max{app="agent"} 5');

    // Nobody ends it: once its time is up, the agent completes it.
    clock.advanceTo(new Date(appointment.endsAt.getTime() + 1000));
    await until(
      async () =>
        (await t.db.agentAssignment.findUnique({ where: { appointmentId: appointment.id } }))?.status === 'done',
      8000,
      'the agent to finish',
    );
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).status).toBe('completed');
    // The summary is the worker's: the completion asked for it.
    expect(await t.db.postSessionRequest.findUnique({ where: { appointmentId: appointment.id } })).toMatchObject({
      status: 'pending',
    });
    expect(agent.metrics().roomsCompleted).toBe(1);
    // The clock jump lapsed the agent's lease; its heartbeat renewed it rather than a second claim.
    expect((await t.db.agentAssignment.findUniqueOrThrow({ where: { appointmentId: appointment.id } })).claims).toBe(1);
    await until(() => agent.rooms().length === 0, 3000, 'the room to be let go');
  });
});
