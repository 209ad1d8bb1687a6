import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  // Two server processes on one database: the inbox fan-out must go through LISTEN/NOTIFY.
  const options = { db: t.db, databaseUrl: t.url };
  [a, b] = [await startTestServer(options), await startTestServer(options)];
});
afterAll(async () => {
  await a.close();
  await b.close();
});

async function as(server: TestServer, userId: string) {
  const browser = createBrowserClient(server.url);
  await browser.client.dev.signInAs.mutate({ userId });
  return browser.client;
}
type Api = Awaited<ReturnType<typeof as>>;

/** Subscribes to the inbox over SSE and collects events until `stop()`. */
function listen(api: Api, lastEventId: string | null = null) {
  const events: { id: string; type: string; body?: string; total?: number }[] = [];
  const sub = api.messages.events.subscribe(
    { lastEventId },
    {
      onData: ({ id, data }) =>
        events.push(
          data.type === 'message'
            ? { id, type: data.type, body: data.message.body }
            : { id, type: data.type, total: data.total },
        ),
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

describe('messages between sessions over HTTP', () => {
  test('a message sent through one server reaches the other member’s stream on another, with the count', async () => {
    const { coach, client, relationship } = await t.given.relationship();
    const coachApi = await as(b, coach.id);
    const clientApi = await as(a, client.id);
    const inbox = listen(coachApi);
    await until(() => inbox.events.some((e) => e.type === 'unread'));

    const sent = await clientApi.messages.send.mutate({ threadId: relationship.id, body: 'Hello from server A' });
    await until(() => inbox.events.some((e) => e.type === 'unread' && e.total === 1));
    expect(inbox.events.filter((e) => e.type === 'message')).toEqual([
      { id: sent.id, type: 'message', body: 'Hello from server A' },
    ]);

    // Reading it on server B clears the count on the same stream.
    await coachApi.messages.markRead.mutate({ threadId: relationship.id, upToId: sent.id });
    await until(() => inbox.events.at(-1)?.type === 'unread' && inbox.events.at(-1)?.total === 0);
    inbox.stop();
  });

  test('a stranger’s stream hears nothing of a thread that is not theirs', async () => {
    const { client, relationship } = await t.given.relationship();
    const stranger = await t.given.client();
    const inbox = listen(await as(a, stranger.id));
    await until(() => inbox.events.length > 0);
    await (await as(b, client.id)).messages.send.mutate({ threadId: relationship.id, body: 'private' });
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.events.filter((e) => e.type === 'message')).toEqual([]);
    inbox.stop();
  });

  test('bad input is a 400 naming the field, never a 500', async () => {
    const { client, relationship } = await t.given.relationship();
    const api = await as(a, client.id);
    const err = await api.messages.send
      .mutate({ threadId: relationship.id, body: 'a\u0000b' })
      .catch((e: unknown) => e);
    expect((err as { data?: { httpStatus?: number; fieldErrors?: Record<string, string[]> } }).data).toMatchObject({
      httpStatus: 400,
      fieldErrors: { body: expect.any(Array) },
    });
    const nobody = await createBrowserClient(a.url)
      .client.messages.unread.query()
      .catch((e: unknown) => e);
    expect((nobody as { data?: { httpStatus?: number } }).data?.httpStatus).toBe(401);
  });
});
