import { createHash } from 'node:crypto';
import type { AppRouter } from '@hybridcoach/api';
import { createServiceClient } from '@hybridcoach/api/client';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TRPCClientError } from '@trpc/client';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
const NOW = new Date('2031-04-01T10:05:00Z');
const livekit = {
  url: 'wss://livekit.test',
  apiKey: 'APItestkey',
  apiSecret: 'test-secret-that-is-long-enough-0123456789',
};
const agentToken = 'agent-token-0123456789abcdef0123456789';
let a: TestServer;
let b: TestServer;

const codeOf = (err: unknown) => (err as TRPCClientError<AppRouter>).data?.code;

beforeAll(async () => {
  const options = {
    db: t.db,
    now: () => NOW,
    databaseUrl: t.url,
    serviceTokens: { agent: agentToken },
    settings: { livekit },
  };
  // Two server processes on one database: fan-out must go through Postgres.
  [a, b] = [await startTestServer(options), await startTestServer(options)];
});
afterAll(async () => {
  await a.close();
  await b.close();
});

function room(startOffsetMin = -5, durationMin = 30) {
  return t.given.appointment({ startsAt: new Date(NOW.getTime() + startOffsetMin * 60_000), durationMin });
}

async function as(server: TestServer, userId: string) {
  const browser = createBrowserClient(server.url);
  await browser.client.dev.signInAs.mutate({ userId });
  return browser.client;
}

type Api = Awaited<ReturnType<typeof as>>;
interface Received {
  id: string;
  type: string;
  payload: unknown;
}

/** Subscribes and collects events until `stop()`. */
function listen(api: Api, appointmentId: string, lastEventId?: string) {
  const events: Received[] = [];
  const sub = api.session.events.subscribe(
    { appointmentId, lastEventId: lastEventId ?? null },
    {
      onData: (e) =>
        events.push({ id: e.id, type: e.data.type, payload: e.data.type === 'message' ? e.data.message : e.data }),
      onError: () => {},
    },
  );
  return { events, stop: () => sub.unsubscribe() };
}

async function until(check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('joining', () => {
  test('is refused to strangers and outside the join window', async () => {
    const { appointment } = await room();
    const stranger = await t.db.user.create({
      data: { email: 'stranger-room@vagus.example', displayName: 'S', vagusSubscriptionStatus: 'active' },
    });
    expect(
      codeOf(
        await (await as(a, stranger.id)).session.join
          .mutate({ appointmentId: appointment.id })
          .catch((e: unknown) => e),
      ),
    ).toBe('NOT_FOUND');
    const early = await room(20);
    const tooEarly = await (await as(a, early.client.id)).session.join
      .mutate({ appointmentId: early.appointment.id })
      .catch((e: unknown) => e);
    expect(codeOf(tooEarly)).toBe('FORBIDDEN');
    const over = await room(-60, 30);
    expect(
      codeOf(
        await (await as(a, over.coach.id)).session.join
          .mutate({ appointmentId: over.appointment.id })
          .catch((e: unknown) => e),
      ),
    ).toBe('FORBIDDEN');
  });

  test('opens the meeting record, records the arrival, marks the appointment active, asks for the agent, and mints a token for that room and user only', async () => {
    const { client, appointment } = await room();
    const joined = await (await as(a, client.id)).session.join.mutate({ appointmentId: appointment.id });
    expect(joined.livekit?.url).toBe(livekit.url);
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(joined.livekit?.token ?? '');
    expect(claims.sub).toBe(client.id);
    expect(claims.name).toBe(client.displayName);
    expect(claims.video).toEqual({
      room: appointment.roomId,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(600);
    const session = await t.db.session.findUniqueOrThrow({ where: { appointmentId: appointment.id } });
    expect(session).toMatchObject({ startedAt: NOW, endedAt: null });
    expect(await t.db.sessionParticipant.findMany({ where: { appointmentId: appointment.id } })).toMatchObject([
      { identity: client.id, role: 'client', joinedAt: NOW, leftAt: null },
    ]);
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).status).toBe('active');
    expect(await t.db.agentAssignment.findUnique({ where: { appointmentId: appointment.id } })).toMatchObject({
      status: 'requested',
      roomId: appointment.roomId,
    });
    // Joining again (a reload) reuses the record and the stay.
    await (await as(a, client.id)).session.join.mutate({ appointmentId: appointment.id });
    expect(await t.db.session.count({ where: { appointmentId: appointment.id } })).toBe(1);
    expect(await t.db.sessionParticipant.count({ where: { appointmentId: appointment.id } })).toBe(1);
  });
});

describe('live events', () => {
  test("a message from one participant reaches the other's subscription on another server process", async () => {
    const { coach, client, appointment } = await room();
    const coachApi = await as(a, coach.id);
    const clientApi = await as(b, client.id);
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    await clientApi.session.join.mutate({ appointmentId: appointment.id });
    const feed = listen(clientApi, appointment.id);
    try {
      await until(() => feed.events.some((e) => e.type === 'state'));
      await coachApi.session.sendMessage.mutate({
        appointmentId: appointment.id,
        content: 'Welcome! How was your week?',
      });
      await until(() => feed.events.some((e) => e.type === 'message'));
      const message = feed.events.find((e) => e.type === 'message')?.payload as {
        content: string;
        sender: string;
        senderName: string;
      };
      expect(message).toMatchObject({
        content: 'Welcome! How was your week?',
        sender: 'coach',
        senderName: coach.displayName,
      });
    } finally {
      feed.stop();
    }
  });

  test('a resumed subscription gets exactly what it missed: no gap, no duplicate', async () => {
    const { coach, client, appointment } = await room();
    const coachApi = await as(a, coach.id);
    const clientApi = await as(b, client.id);
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    await clientApi.session.join.mutate({ appointmentId: appointment.id });
    const first = listen(clientApi, appointment.id);
    for (let i = 1; i <= 3; i++)
      await coachApi.session.sendMessage.mutate({ appointmentId: appointment.id, content: `before ${i}` });
    await until(() => first.events.filter((e) => e.type === 'message').length === 3);
    first.stop();
    const lastSeen = first.events.at(-1)?.id ?? '0';
    for (let i = 1; i <= 4; i++)
      await coachApi.session.sendMessage.mutate({ appointmentId: appointment.id, content: `while away ${i}` });
    const resumed = listen(clientApi, appointment.id, lastSeen);
    try {
      await coachApi.session.sendMessage.mutate({ appointmentId: appointment.id, content: 'after' });
      await until(() => resumed.events.length >= 5);
      await new Promise((r) => setTimeout(r, 200));
      expect(resumed.events.map((e) => (e.payload as { content: string }).content)).toEqual([
        'while away 1',
        'while away 2',
        'while away 3',
        'while away 4',
        'after',
      ]);
      const ids = [...first.events, ...resumed.events].map((e) => BigInt(e.id));
      expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : 1)));
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      resumed.stop();
    }
  });

  test('a live feed ends within seconds of its reader signing out', async () => {
    const { coach, client, appointment } = await room();
    const coachApi = await as(a, coach.id);
    const clientApi = await as(b, client.id);
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    await clientApi.session.join.mutate({ appointmentId: appointment.id });
    const errors: unknown[] = [];
    const received: string[] = [];
    const sub = clientApi.session.events.subscribe(
      { appointmentId: appointment.id, lastEventId: null },
      { onData: (e) => received.push(e.data.type), onError: (e) => errors.push(e) },
    );
    try {
      await until(() => received.includes('state'));
      await clientApi.auth.signOut.mutate();
      const endedBy = Date.now() + 8_000;
      await until(() => errors.length > 0, 8_000);
      expect(Date.now()).toBeLessThan(endedBy);
      expect(codeOf(errors[0])).toBe('UNAUTHORIZED');
      const before = received.length;
      await coachApi.session.sendMessage.mutate({ appointmentId: appointment.id, content: 'after sign-out' });
      await new Promise((r) => setTimeout(r, 500));
      expect(received.length).toBe(before);
    } finally {
      sub.unsubscribe();
    }
  });

  test("a participant cannot read another appointment's messages", async () => {
    const mine = await room();
    const theirs = await room();
    const api = await as(a, mine.client.id);
    expect(
      codeOf(await api.session.detail.query({ appointmentId: theirs.appointment.id }).catch((e: unknown) => e)),
    ).toBe('NOT_FOUND');
    const errors: unknown[] = [];
    const sub = api.session.events.subscribe(
      { appointmentId: theirs.appointment.id },
      { onData: () => {}, onError: (e) => errors.push(e) },
    );
    await until(() => errors.length > 0);
    sub.unsubscribe();
    expect(codeOf(errors[0])).toBe('NOT_FOUND');
    expect(
      codeOf(
        await api.session.sendMessage
          .mutate({ appointmentId: theirs.appointment.id, content: 'hi' })
          .catch((e: unknown) => e),
      ),
    ).toBe('NOT_FOUND');
  });
});

describe('transcript, timer and completion', () => {
  test('the same transcript batch appended twice is stored once', async () => {
    const { client, appointment } = await room();
    await (await as(a, client.id)).session.join.mutate({ appointmentId: appointment.id });
    const agent = createServiceClient({ url: a.url, token: agentToken });
    const claim = (await agent.agent.claim.mutate({ agentId: 'web-test', max: 100, leaseMs: 30_000 })).find(
      (c) => c.appointmentId === appointment.id,
    );
    const writer = { appointmentId: appointment.id, agentId: 'web-test', epoch: claim?.epoch ?? 0 };
    const segments = [0, 1, 2].map((seq) => ({
      idempotencyKey: `seg-${seq}`,
      seq,
      speaker: seq === 1 ? ('ai' as const) : ('client' as const),
      content: `segment ${seq}`,
      spokenAt: new Date(NOW.getTime() + seq * 1000),
      confidence: 0.9,
      isFinal: true,
    }));
    expect(await agent.agent.appendTranscript.mutate({ ...writer, segments })).toEqual({
      stored: 3,
      duplicates: 0,
      refused: 0,
    });
    expect(await agent.agent.appendTranscript.mutate({ ...writer, segments })).toEqual({
      stored: 0,
      duplicates: 3,
      refused: 0,
    });
    expect(
      await t.db.message.count({ where: { session: { appointmentId: appointment.id }, kind: 'transcript' } }),
    ).toBe(3);
    expect(await t.db.sessionEvent.count({ where: { appointmentId: appointment.id, type: 'message' } })).toBe(3);
    // Each event carries the stored message as every reader sees it, in spoken order.
    const events = await t.db.sessionEvent.findMany({
      where: { appointmentId: appointment.id, type: 'message' },
      orderBy: { id: 'asc' },
    });
    const messages = await t.db.message.findMany({ where: { session: { appointmentId: appointment.id } } });
    expect(events.map((e) => e.payload)).toEqual(
      segments.map((s) => ({
        message: {
          id: messages.find((m) => m.idempotencyKey === s.idempotencyKey)?.id,
          kind: 'transcript',
          sender: s.speaker,
          senderName: s.speaker === 'ai' ? 'AI assistant' : client.displayName,
          content: s.content,
          seq: s.seq,
          spokenAt: s.spokenAt.toISOString(),
          confidence: 0.9,
          isFinal: true,
          createdAt: messages[0]?.createdAt.toISOString(),
        },
      })),
    );
  });

  test('each timer warning is sent once, whoever asks (agent or sweeper)', async () => {
    const { client, appointment } = await room(-26, 30); // 4 minutes left: the 5-minute warning is due
    await (await as(a, client.id)).session.join.mutate({ appointmentId: appointment.id });
    const agent = createServiceClient({ url: a.url, token: agentToken });
    const claim = (await agent.agent.claim.mutate({ agentId: 'web-test', max: 100, leaseMs: 30_000 })).find(
      (c) => c.appointmentId === appointment.id,
    );
    const held = { appointmentId: appointment.id, agentId: 'web-test', epoch: claim?.epoch ?? 0 };
    const results = await Promise.all([agent.agent.tick.mutate(held), agent.agent.tick.mutate(held)]);
    expect(results.filter(Boolean)).toEqual([{ minutesLeft: 5, endsAt: appointment.endsAt }]);
    expect(await agent.agent.tick.mutate(held)).toBeNull();
    expect(await t.db.sessionEvent.count({ where: { appointmentId: appointment.id, type: 'timer_warning' } })).toBe(1);
    expect((await t.db.session.findFirstOrThrow({ where: { appointmentId: appointment.id } })).warningsSent).toBe(1);
  });

  test('completion twice is harmless; the transcript is assembled, the claim ends, the worker is asked once', async () => {
    const { coach, client, appointment } = await room();
    const coachApi = await as(a, coach.id);
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    await (await as(a, client.id)).session.join.mutate({ appointmentId: appointment.id });
    const agent = createServiceClient({ url: a.url, token: agentToken });
    const claim = (await agent.agent.claim.mutate({ agentId: 'web-test', max: 100, leaseMs: 30_000 })).find(
      (c) => c.appointmentId === appointment.id,
    );
    await agent.agent.appendTranscript.mutate({
      appointmentId: appointment.id,
      agentId: 'web-test',
      epoch: claim?.epoch ?? 0,
      segments: [
        { idempotencyKey: 's1', seq: 0, speaker: 'client', content: 'I slept better', spokenAt: NOW, isFinal: true },
      ],
    });
    expect(await coachApi.session.end.mutate({ appointmentId: appointment.id })).toEqual({ alreadyCompleted: false });
    // The agent's own completion, arriving after the coach's, finds it done (its claim has ended).
    expect(
      await agent.agent.completeSession.mutate({
        appointmentId: appointment.id,
        agentId: 'web-test',
        epoch: claim?.epoch ?? 0,
      }),
    ).toEqual({ alreadyCompleted: true });
    const sessions = await t.db.session.findMany({ where: { appointmentId: appointment.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ endedAt: NOW, transcript: `${client.displayName}: I slept better` });
    // The agent's claim ended with the session; the summary is the worker's, asked for once.
    expect(await t.db.agentClaim.findMany({ where: { appointmentId: appointment.id } })).toMatchObject([
      { epoch: claim?.epoch, endedAt: NOW },
    ]);
    expect(await t.db.postSessionRequest.findMany({ where: { appointmentId: appointment.id } })).toMatchObject([
      { status: 'pending', requestedAt: NOW },
    ]);
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).status).toBe('completed');
    // Everyone still in the room left when it ended.
    expect(await t.db.sessionParticipant.count({ where: { appointmentId: appointment.id, leftAt: null } })).toBe(0);
    expect(
      await t.db.sessionEvent.count({
        where: { appointmentId: appointment.id, type: 'state', payload: { path: ['status'], equals: 'completed' } },
      }),
    ).toBe(1);
  });
});

describe('rating and tip', () => {
  test('the client rates once, 1–5, with a $1/$3/$5 tip, after completion only', async () => {
    const { coach, client, appointment } = await room();
    const clientApi = await as(a, client.id);
    const coachApi = await as(a, coach.id);
    await clientApi.session.join.mutate({ appointmentId: appointment.id });
    const early = await clientApi.session.rate
      .mutate({ appointmentId: appointment.id, rating: 5 })
      .catch((e: unknown) => e);
    expect(codeOf(early)).toBe('BAD_REQUEST');
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    await coachApi.session.end.mutate({ appointmentId: appointment.id });
    expect(
      codeOf(await coachApi.session.rate.mutate({ appointmentId: appointment.id, rating: 5 }).catch((e: unknown) => e)),
    ).toBe('FORBIDDEN');
    const badRating = await clientApi.session.rate
      .mutate({ appointmentId: appointment.id, rating: 6 })
      .catch((e: unknown) => e);
    expect((badRating as TRPCClientError<AppRouter>).data?.fieldErrors).toEqual({ rating: ['must be 1–5'] });
    const badTip = await clientApi.session.rate
      .mutate({ appointmentId: appointment.id, rating: 5, tip: 2 as 1 })
      .catch((e: unknown) => e);
    expect((badTip as TRPCClientError<AppRouter>).data?.fieldErrors).toHaveProperty('tip');
    const rated = await clientApi.session.rate.mutate({
      appointmentId: appointment.id,
      rating: 5,
      comment: 'Great',
      tip: 3,
    });
    expect(rated).toMatchObject({ rating: 5, tip: 3, payment: { status: 'pending', amount: 3 } });
    expect(
      await t.db.payment.count({ where: { userId: client.id, coachId: coach.id, type: 'tip', status: 'pending' } }),
    ).toBe(1);
    expect(
      codeOf(
        await clientApi.session.rate.mutate({ appointmentId: appointment.id, rating: 4 }).catch((e: unknown) => e),
      ),
    ).toBe('CONFLICT');
    const detail = await clientApi.session.detail.query({ appointmentId: appointment.id });
    expect(detail.rating).toMatchObject({ rating: 5, comment: 'Great', tip: 3 });
  });
});

describe('LiveKit webhooks', () => {
  async function deliver(server: TestServer, body: object, secret = livekit.apiSecret) {
    const text = JSON.stringify(body);
    const token = new AccessToken(livekit.apiKey, secret);
    token.sha256 = createHash('sha256').update(text).digest('base64');
    return fetch(`${server.url}/webhooks/livekit`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() },
      body: text,
    });
  }
  const createdAt = String(Math.floor(NOW.getTime() / 1000));

  test('record presence with time present, refuse forgeries and replays, and finish the room', async () => {
    const { coach, client, appointment } = await room();
    await (await as(a, client.id)).session.join.mutate({ appointmentId: appointment.id });
    await (await as(a, coach.id)).session.join.mutate({ appointmentId: appointment.id });
    const roomInfo = { sid: 'RM_1', name: appointment.roomId };
    const joined = {
      event: 'participant_joined',
      id: 'EV_join',
      createdAt,
      room: roomInfo,
      participant: { sid: 'PA_1', identity: client.id, name: client.displayName },
    };

    expect((await deliver(a, joined, 'not-the-secret-but-long-enough-012345678')).status).toBe(401);
    expect(
      (
        await fetch(`${a.url}/webhooks/livekit`, {
          method: 'POST',
          headers: { 'content-type': 'application/webhook+json' },
          body: JSON.stringify(joined),
        })
      ).status,
    ).toBe(401);
    // Joining the page recorded both arrivals; refused deliveries changed nothing.
    const stays = () => t.db.sessionParticipant.findMany({ where: { appointmentId: appointment.id } });
    expect(await stays()).toHaveLength(2);

    expect(await (await deliver(a, joined)).json()).toEqual({ outcome: 'recorded' });
    expect(await (await deliver(b, joined)).json()).toEqual({ outcome: 'duplicate' });
    const old = { ...joined, id: 'EV_old', createdAt: String(Math.floor(NOW.getTime() / 1000) - 3600) };
    expect((await deliver(a, old)).status).toBe(400);

    const leftAt = String(Number(createdAt) + 95);
    await deliver(a, {
      event: 'participant_left',
      id: 'EV_left',
      createdAt: leftAt,
      room: roomInfo,
      participant: { sid: 'PA_1', identity: client.id, name: client.displayName },
    });
    const rows = await stays();
    // LiveKit's join confirmed the stay the page opened: still one per person.
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.identity === client.id)).toMatchObject({ role: 'client', secondsPresent: 95 });

    await deliver(a, { event: 'room_finished', id: 'EV_done', createdAt: leftAt, room: roomInfo });
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).status).toBe('completed');
  });
});

describe('the server sweeper', () => {
  test('sends due warnings only where no agent holds a lease, and completes overdue sessions', async () => {
    const { sweepSessions } = await import('@hybridcoach/api');
    const { createLogger } = await import('@hybridcoach/config');
    const logger = createLogger('sweeper-test', 'silent');
    const lonely = await room(-26, 30);
    const served = await room(-26, 30);
    const overdue = await room(-50, 30);
    for (const r of [lonely, served, overdue]) {
      await t.db.appointment.update({ where: { id: r.appointment.id }, data: { status: 'active' } });
      await t.db.session.create({ data: { appointmentId: r.appointment.id, startedAt: r.appointment.scheduledFor } });
    }
    await t.db.agentAssignment.create({
      data: {
        appointmentId: served.appointment.id,
        roomId: served.appointment.roomId,
        status: 'claimed',
        agentId: 'agent-1',
        leaseExpiresAt: new Date(NOW.getTime() + 60_000),
      },
    });
    const sweep = () => sweepSessions(t.db, { now: NOW, warningMinutes: [5, 1], logger });
    const first = await sweep();
    expect(first.completed).toBeGreaterThanOrEqual(1);
    expect(
      await t.db.sessionEvent.count({ where: { appointmentId: lonely.appointment.id, type: 'timer_warning' } }),
    ).toBe(1);
    expect(
      await t.db.sessionEvent.count({ where: { appointmentId: served.appointment.id, type: 'timer_warning' } }),
    ).toBe(0);
    expect((await t.db.appointment.findUniqueOrThrow({ where: { id: overdue.appointment.id } })).status).toBe(
      'completed',
    );
    await sweep();
    expect(
      await t.db.sessionEvent.count({ where: { appointmentId: lonely.appointment.id, type: 'timer_warning' } }),
    ).toBe(1);
  });
});
