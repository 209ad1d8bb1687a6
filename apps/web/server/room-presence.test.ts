import type { AppRouter } from '@hybridcoach/api';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
let server: TestServer;
let videoServer: TestServer;

const codeOf = (err: unknown) => (err as TRPCClientError<AppRouter>).data?.code;
const fieldsOf = (err: unknown) =>
  (err as TRPCClientError<AppRouter>).data as { fieldErrors?: Record<string, string[]> } | undefined;

beforeAll(async () => {
  // No LiveKit: rooms are peer-to-peer (or chat only), and presence comes from the live feed.
  server = await startTestServer({
    db: t.db,
    databaseUrl: t.url,
    settings: { iceServers: [{ urls: ['stun:stun.example.org:3478'] }] },
  });
  videoServer = await startTestServer({
    db: t.db,
    settings: {
      livekit: { url: 'wss://livekit.test', apiKey: 'APItestkey', apiSecret: 'test-secret-that-is-long-enough-0123' },
    },
  });
});
afterAll(async () => {
  await server.close();
  await videoServer.close();
});

async function as(userId: string, at: TestServer = server) {
  const browser = createBrowserClient(at.url);
  await browser.client.dev.signInAs.mutate({ userId });
  return browser.client;
}

const started = () => t.given.appointment({ startsAt: new Date(Date.now() - 5 * 60_000) });
const staysOf = (appointmentId: string) =>
  t.db.sessionParticipant.findMany({ where: { appointmentId }, orderBy: { joinedAt: 'asc' } });
const until = async (check: () => Promise<boolean>, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

function openFeed(api: Awaited<ReturnType<typeof as>>, appointmentId: string) {
  const types: string[] = [];
  let open = false;
  const sub = api.session.events.subscribe(
    { appointmentId, lastEventId: null },
    {
      onStarted: () => {
        open = true;
      },
      onData: (e) => types.push(e.data.type),
      onError: () => {},
    },
  );
  return { types, opened: () => open, stop: () => sub.unsubscribe() };
}

describe('presence in rooms without LiveKit (peer-to-peer and chat)', () => {
  test('a person is in the room while their page holds the feed; a reconnect keeps the stay; the other never came', async () => {
    const { appointment, client, coach } = await started();
    const clientApi = await as(client.id);
    await clientApi.session.join.mutate({ appointmentId: appointment.id });
    const feed = openFeed(clientApi, appointment.id);
    await until(async () => feed.types.includes('participant'), 5000, 'the feed');
    expect((await staysOf(appointment.id)).map((s) => [s.identity, s.leftAt])).toEqual([[client.id, null]]);

    // A blip: the feed drops and comes back within the grace period: still the one stay.
    feed.stop();
    await new Promise((r) => setTimeout(r, 1000));
    const again = openFeed(clientApi, appointment.id);
    await until(async () => again.types.length > 0, 5000, 'the feed again');
    await new Promise((r) => setTimeout(r, 8000));
    expect((await staysOf(appointment.id)).map((s) => [s.identity, s.leftAt])).toEqual([[client.id, null]]);

    // The tab closes: the stay ends when the feed did, once the grace has passed.
    const closedAt = Date.now();
    again.stop();
    await until(async () => (await staysOf(appointment.id))[0]?.leftAt != null, 15_000, 'the leave');
    const [stay] = await staysOf(appointment.id);
    expect(stay?.leftAt?.getTime()).toBeGreaterThanOrEqual(closedAt - 1000);
    expect(stay?.leftAt?.getTime()).toBeLessThan(closedAt + 2000);
    expect(stay?.secondsPresent).toBeGreaterThanOrEqual(9);
    // The coach never came: no stay of theirs (what a no-show is known by).
    expect((await staysOf(appointment.id)).some((s) => s.identity === coach.id)).toBe(false);
    const left = await t.db.sessionEvent.findMany({ where: { appointmentId: appointment.id, type: 'participant' } });
    expect(left.map((e) => (e.payload as { joined: boolean }).joined)).toEqual([true, false]);
  });

  test('Leave ends the stay at once, and a feed still closing does not bring the person back', async () => {
    const { appointment, coach } = await started();
    const coachApi = await as(coach.id);
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    const feed = openFeed(coachApi, appointment.id);
    await until(async () => feed.types.length > 0, 5000, 'the feed');
    expect(await coachApi.session.leave.mutate({ appointmentId: appointment.id })).toEqual({ left: true });
    // Past a re-check of the feed (every 5 s): still gone.
    await new Promise((r) => setTimeout(r, 6000));
    feed.stop();
    const stays = await staysOf(appointment.id);
    expect(stays).toHaveLength(1);
    expect(stays[0]?.leftAt).not.toBeNull();
  });

  test('looking into the waiting room is not being there; it shows who is', async () => {
    const { appointment, client, coach } = await started();
    const clientApi = await as(client.id);
    const coachApi = await as(coach.id);
    const before = await clientApi.session.lobby.query({ appointmentId: appointment.id });
    expect(before).toMatchObject({ status: 'scheduled', media: 'p2p', present: [] });
    expect(before.opensAt.getTime()).toBe(appointment.scheduledFor.getTime() - 10 * 60_000);
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    const after = await clientApi.session.lobby.query({ appointmentId: appointment.id });
    expect(after.present).toEqual([
      { identity: coach.id, name: coach.displayName, role: 'coach', since: expect.any(Date) },
    ]);
    expect(after.assistant).toEqual({ mode: 'scribe', state: null });
    expect((await staysOf(appointment.id)).map((s) => s.identity)).toEqual([coach.id]);
  });
});

describe('peer-to-peer signalling', () => {
  test('join gives the ICE servers and where this page’s signals begin; signals reach the feed in the sender’s name', async () => {
    const { appointment, client, coach } = await started();
    const clientApi = await as(client.id);
    const coachApi = await as(coach.id);
    await coachApi.session.join.mutate({ appointmentId: appointment.id });
    const joined = await clientApi.session.join.mutate({ appointmentId: appointment.id });
    expect(joined.livekit).toBeNull();
    expect(joined.p2p?.iceServers).toEqual([{ urls: ['stun:stun.example.org:3478'] }]);
    const newest = await t.db.sessionEvent.findFirst({
      where: { appointmentId: appointment.id },
      orderBy: { id: 'desc' },
    });
    expect(joined.p2p?.signalsAfter).toBe(newest?.id.toString());

    const media = { audio: true, video: false, screen: false };
    await clientApi.session.signal.mutate({
      appointmentId: appointment.id,
      fromPeer: 'page-aaaa-0001',
      to: null,
      signal: { kind: 'hello', media },
    });
    const signal = await t.db.sessionEvent.findFirst({ where: { appointmentId: appointment.id, type: 'signal' } });
    expect(signal?.id).toBeGreaterThan(BigInt(joined.p2p?.signalsAfter ?? 0));
    expect(signal?.payload).toEqual({
      from: client.id,
      fromPeer: 'page-aaaa-0001',
      to: null,
      signal: { kind: 'hello', media },
    });
    // Once the session ends its signals go (they carry network addresses); the rest of the feed stays.
    await coachApi.session.end.mutate({ appointmentId: appointment.id });
    expect(await t.db.sessionEvent.count({ where: { appointmentId: appointment.id, type: 'signal' } })).toBe(0);
    expect(await t.db.sessionEvent.count({ where: { appointmentId: appointment.id, type: 'participant' } })).toBe(2);
  });

  test('bad signals are refused with the field; nothing is written', async () => {
    const { appointment, client } = await started();
    const clientApi = await as(client.id);
    await clientApi.session.join.mutate({ appointmentId: appointment.id });
    const count = () => t.db.sessionEvent.count({ where: { appointmentId: appointment.id, type: 'signal' } });
    const bad = [
      { fromPeer: 'no spaces allowed', to: null, signal: { kind: 'bye' } },
      {
        fromPeer: 'page-aaaa-0001',
        to: null,
        signal: { kind: 'description', description: { type: 'offer', sdp: 'v=0'.repeat(30_000) } },
      },
      { fromPeer: 'page-aaaa-0001', to: null, signal: { kind: 'shout' } },
    ];
    for (const input of bad) {
      const err = await clientApi.session.signal
        // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
        .mutate({ appointmentId: appointment.id, ...(input as any) })
        .catch((e: unknown) => e);
      expect(codeOf(err)).toBe('BAD_REQUEST');
      expect(Object.keys(fieldsOf(err)?.fieldErrors ?? {}).length).toBeGreaterThan(0);
    }
    expect(await count()).toBe(0);
  });

  test('no signals before the session is live, nor in rooms whose video goes through LiveKit', async () => {
    const { appointment, client } = await started();
    const signal = {
      appointmentId: appointment.id,
      fromPeer: 'page-aaaa-0001',
      to: null,
      signal: { kind: 'bye' },
    } as const;
    const early = await (await as(client.id)).session.signal.mutate(signal).catch((e: unknown) => e);
    expect(codeOf(early)).toBe('CONFLICT');
    const viaLivekit = await (await as(client.id, videoServer)).session.signal.mutate(signal).catch((e: unknown) => e);
    expect(codeOf(viaLivekit)).toBe('BAD_REQUEST');
    expect(await t.db.sessionEvent.count({ where: { appointmentId: appointment.id, type: 'signal' } })).toBe(0);
  });
});
