import { createServiceClient } from '@hybridcoach/api/client';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TestServer } from '@hybridcoach/web/testing';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type RunningAgent, startAgent } from './agent';
import { SEQ_PER_EPOCH } from './outbox/segment';
import { DeepgramStandin } from './test-support/deepgram-standin';
import {
  AGENT_TOKEN,
  createRoom,
  DEEPGRAM_KEY,
  deepgramFor,
  fastRooms,
  LIVEKIT,
  signIn,
  startAgentTestServer,
  storedTranscript,
  tempDir,
  testLogger,
  until,
} from './test-support/harness';
import { liveRoom, promptOf, say, waitForVoice } from './test-support/live-room';
import { MemoryTransport } from './transport/memory-transport';

const t = useTestDatabase();
const hub = new MemoryTransport();
let server: TestServer;
let standin: DeepgramStandin;
const running: RunningAgent[] = [];

beforeAll(async () => {
  server = await startAgentTestServer(t.db, t.url);
  standin = await DeepgramStandin.start({ apiKey: DEEPGRAM_KEY });
});
afterEach(async () => {
  for (const agent of running.splice(0)) await agent.stop({ graceful: false });
  // Rooms left behind by one test are not up for grabs in the next.
  await t.db.appointment.updateMany({ where: { status: 'active' }, data: { status: 'completed' } });
});
afterAll(async () => {
  await standin.close();
  await server.close();
});

async function agentNamed(agentId: string, options: { leaseMs?: number; maxRooms?: number; voice?: boolean } = {}) {
  const agent = await startAgent({
    apiUrl: server.url,
    token: AGENT_TOKEN,
    logger: testLogger(`agent-${agentId}`),
    health: { host: '127.0.0.1', port: 0 },
    rooms: fastRooms({
      dataDir: await tempDir(),
      agentId,
      transport: options.voice ? hub : null,
      deepgram: options.voice ? deepgramFor(standin) : null,
      leaseMs: options.leaseMs,
      maxRooms: options.maxRooms,
    }),
  });
  running.push(agent);
  return agent;
}

/** An appointment whose client joined: the server asked for an agent. */
async function requestedRoom() {
  const fixture = await createRoom(t.db);
  await (await signIn(server.url, fixture.client.id)).session.join.mutate({ appointmentId: fixture.appointment.id });
  return fixture;
}

const assignment = (appointmentId: string) => t.db.agentAssignment.findUniqueOrThrow({ where: { appointmentId } });
const serving = (agent: RunningAgent, appointmentId: string) =>
  agent.rooms().some((r) => r.appointmentId === appointmentId);

describe('claiming rooms', () => {
  test('twenty agents racing for three rooms: each room claimed exactly once', async () => {
    const rooms = [await requestedRoom(), await requestedRoom(), await requestedRoom()];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createServiceClient({ url: server.url, token: AGENT_TOKEN }).agent.claim.mutate({
          agentId: `racer-${i}`,
          max: 1,
          leaseMs: 30_000,
        }),
      ),
    );
    const claimed = results.flat().map((c) => c.appointmentId);
    expect(claimed.sort()).toEqual(rooms.map((r) => r.appointment.id).sort());
    for (const { appointment } of rooms) expect((await assignment(appointment.id)).claims).toBe(1);
  });

  test('two running agents and one room: one serves it, the other never does', async () => {
    const a = await agentNamed('agent-a');
    const b = await agentNamed('agent-b');
    const { appointment } = await requestedRoom();
    await until(() => serving(a, appointment.id) || serving(b, appointment.id), 5000, 'a claim');
    await new Promise((r) => setTimeout(r, 500)); // ten claim rounds each
    expect([serving(a, appointment.id), serving(b, appointment.id)].filter(Boolean)).toHaveLength(1);
    expect((await assignment(appointment.id)).claims).toBe(1);
  });

  test("a dead agent's room is taken over by another once its lease runs out, and the session goes on", async () => {
    // Long enough that a heartbeat (every lease/3) delayed by a loaded machine still renews it.
    const leaseMs = 6000;
    const dying = await agentNamed('agent-dying', { leaseMs, voice: true });
    const deps = { db: t.db, serverUrl: server.url, hub, standin };
    const live = await liveRoom(deps);
    await say(deps, live, 'client', 'I slept six hours last night');
    const heir = await agentNamed('agent-heir', { leaseMs, voice: true });
    // While the first agent lives and heartbeats, its lease holds, well past one lease length.
    await new Promise((r) => setTimeout(r, leaseMs * 1.5));
    expect(serving(heir, live.appointment.id)).toBe(false);

    await dying.stop({ graceful: false });
    const died = Date.now();
    await until(() => serving(heir, live.appointment.id), 10_000, 'the takeover');
    // Not before the lease (renewed every lease/3) could have run out.
    expect(Date.now() - died).toBeGreaterThanOrEqual(leaseMs / 2);
    expect(await assignment(live.appointment.id)).toMatchObject({
      agentId: 'agent-heir',
      claims: 2,
      status: 'claimed',
    });

    await until(() => live.room.agentIdentity === 'agent-agent-heir', 8000, 'the heir in the room');
    await say(deps, live, 'client', 'And I want to keep it that way');
    const stored = await storedTranscript(t.db, live.appointment.id);
    expect(stored.map((s) => s.content)).toEqual(['I slept six hours last night', 'And I want to keep it that way']);
    expect(stored.map((s) => Math.floor((s.seq ?? 0) / SEQ_PER_EPOCH))).toEqual([1, 2]);
  });

  test('two agents and six rooms: three each (± 1), whoever asks first', async () => {
    const a = await agentNamed('agent-six-a', { maxRooms: 10 });
    const b = await agentNamed('agent-six-b', { maxRooms: 10 });
    // Both have asked for rooms at least once (they are alive and have room to spare).
    await until(
      async () =>
        (await t.db.agentPresence.count({ where: { agentId: { in: ['agent-six-a', 'agent-six-b'] } } })) === 2,
      5000,
      'both agents seen',
    );
    const rooms = await Promise.all(Array.from({ length: 6 }, () => requestedRoom()));
    await until(() => a.rooms().length + b.rooms().length === 6, 10_000, 'every room claimed');
    for (const agent of [a, b]) {
      expect(agent.rooms().length).toBeGreaterThanOrEqual(2);
      expect(agent.rooms().length).toBeLessThanOrEqual(4);
    }
    expect([...a.rooms(), ...b.rooms()].map((r) => r.appointmentId).sort()).toEqual(
      rooms.map((r) => r.appointment.id).sort(),
    );
  });

  test('a restarted agent carries the conversation on: the stored history, and no second greeting', async () => {
    const dataDir = await tempDir();
    const start = () =>
      startAgent({
        apiUrl: server.url,
        token: AGENT_TOKEN,
        logger: testLogger('agent-restart'),
        health: { host: '127.0.0.1', port: 0 },
        rooms: fastRooms({ dataDir, transport: hub, deepgram: deepgramFor(standin) }),
      });
    const first = await start();
    running.push(first);
    const deps = { db: t.db, serverUrl: server.url, hub, standin };
    // A client practising with the assistant: it greets, and answers every turn.
    const live = await liveRoom(deps, { mode: 'conversational' });
    await waitForVoice(live.room, live.settingsFor, 1);
    expect(live.settingsFor()[0]?.agent.greeting).toContain(live.client.displayName);
    await until(
      async () => (await storedTranscript(t.db, live.appointment.id)).some((s) => s.sender === 'ai'),
      10_000,
      'the greeting stored',
    );
    await say(deps, live, 'client', 'I want to practise asking for a day off');
    await until(
      async () => (await storedTranscript(t.db, live.appointment.id)).filter((s) => s.sender === 'ai').length >= 2,
      10_000,
      'the greeting and the answer stored',
    );

    await first.stop({ graceful: false });
    running.splice(running.indexOf(first), 1);
    const second = await start();
    running.push(second);
    // The same agent (its id kept in the data directory) takes the room back at once.
    await waitForVoice(live.room, live.settingsFor, 2);
    const resumed = live.settingsFor().at(-1);
    expect(resumed?.agent.greeting).toBeUndefined();
    const history = resumed?.agent.context?.messages ?? [];
    expect(history.map((m) => ('content' in m ? m.content : ''))).toEqual([
      `Hello ${live.client.displayName}, I'm ready when you are.`,
      `${live.client.displayName} (client): I want to practise asking for a day off`,
      'I hear you: I want to practise asking for a day off',
    ]);
    expect(promptOf(resumed ?? ({} as never))).toContain(`the client is ${live.client.displayName}.`);
  });

  test('an agent serves at most its room limit; another agent takes the rest', async () => {
    const small = await agentNamed('agent-small', { maxRooms: 2 });
    const rooms = [await requestedRoom(), await requestedRoom(), await requestedRoom()];
    await until(() => small.rooms().length === 2, 5000, 'two claims');
    await new Promise((r) => setTimeout(r, 300));
    expect(small.rooms()).toHaveLength(2);
    expect(small.metrics().roomsActive).toBe(2);
    const other = await agentNamed('agent-other');
    await until(() => other.rooms().length === 1, 5000, 'the third room');
    const ids = [...small.rooms(), ...other.rooms()].map((r) => r.appointmentId).sort();
    expect(ids).toEqual(rooms.map((r) => r.appointment.id).sort());
  });

  test('a graceful stop hands rooms back at once, without waiting for the lease', async () => {
    const leaving = await agentNamed('agent-leaving', { leaseMs: 60_000 });
    const { appointment } = await requestedRoom();
    await until(() => serving(leaving, appointment.id), 5000, 'a claim');
    await leaving.stop();
    running.splice(running.indexOf(leaving), 1);
    expect(await assignment(appointment.id)).toMatchObject({ status: 'requested', agentId: null });
    const next = await agentNamed('agent-next', { leaseMs: 60_000 });
    await until(() => serving(next, appointment.id), 2000, 'the next claim');
  });

  test('only rooms of live appointments are claimable, and a claim carries a LiveKit token for that room only', async () => {
    const scheduled = await createRoom(t.db, { startOffsetMin: 60 });
    await t.db.agentAssignment.create({
      data: { appointmentId: scheduled.appointment.id, roomId: scheduled.appointment.roomId },
    });
    const { appointment } = await requestedRoom();
    const api = createServiceClient({ url: server.url, token: AGENT_TOKEN });
    const claimed = await api.agent.claim.mutate({ agentId: 'agent-lk', max: 10, leaseMs: 30_000 });
    expect(claimed.map((c) => c.appointmentId)).toEqual([appointment.id]);
    const [room] = claimed;
    expect(room?.livekit?.identity).toBe('agent-agent-lk');
    const grant = await new TokenVerifier(LIVEKIT.apiKey, LIVEKIT.apiSecret).verify(room?.livekit?.token ?? '');
    expect(grant.sub).toBe('agent-agent-lk');
    expect(grant.video).toMatchObject({
      room: appointment.roomId,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
    });
    expect(JSON.parse(grant.metadata ?? '{}')).toEqual({ role: 'agent' });

    // Holding it, the agent renews it; another agent cannot renew or release it.
    const beat = await api.agent.heartbeat.mutate({ agentId: 'agent-lk', appointmentIds: [appointment.id] });
    expect(beat.rooms).toEqual([
      {
        appointmentId: appointment.id,
        held: true,
        status: 'active',
        endsAt: appointment.endsAt,
        transcriptionPaused: false,
      },
    ]);
    const stranger = await api.agent.heartbeat.mutate({ agentId: 'agent-x', appointmentIds: [appointment.id] });
    expect(stranger.rooms[0]?.held).toBe(false);
    expect(await api.agent.release.mutate({ agentId: 'agent-x', appointmentId: appointment.id, done: false })).toEqual({
      released: false,
    });
    expect(await api.agent.release.mutate({ agentId: 'agent-lk', appointmentId: appointment.id, done: true })).toEqual({
      released: true,
    });
    expect((await assignment(appointment.id)).status).toBe('done');
    expect(await api.agent.claim.mutate({ agentId: 'agent-lk', max: 10, leaseMs: 30_000 })).toEqual([]);
  });
});
