import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { strFromU8, unzipSync } from 'fflate';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ db: t.db });
});
afterAll(() => server.close());

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))),
  );
  return nested.flat();
}

/** The data files of this test's database and the write-ahead log, after a checkpoint. */
async function dataFilesContaining(phrases: string[]): Promise<Map<string, string[]>> {
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
    const dataDir =
      (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory ?? '';
    const oid = (await client.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()'))
      .rows[0]?.oid;
    if (!existsSync(dataDir))
      throw new Error(`the data directory ${dataDir} is not on this machine (TEST_DATABASE_URL elsewhere?)`);
    const found = new Map<string, string[]>(phrases.map((p) => [p, []]));
    for (const file of [
      ...(await files(path.join(dataDir, 'base', String(oid)))),
      ...(await files(path.join(dataDir, 'pg_wal'))),
    ]) {
      const bytes = await readFile(file).catch(() => null);
      if (!bytes) continue;
      for (const phrase of phrases) if (bytes.includes(phrase)) found.get(phrase)?.push(file);
    }
    return found;
  } finally {
    await client.end();
  }
}

test('health data entered over HTTP is nowhere in PostgreSQL’s files as text; what is not sealed is (the check can fail)', async () => {
  const tag = randomBytes(4).toString('hex');
  const intake = `Racing heart, shallow breathing ${tag}`;
  const context = `Night nurse on rotating shifts ${tag}`;
  const bio = `I grew up by the sea ${tag}`;
  const control = `A chat line is stored as written ${tag}`;

  const client = await t.given.client();
  const coach = await t.given.coach();
  await t.db.coachClientRelationship.create({
    data: { coachId: coach.id, clientId: client.id, origin: 'client_booking' },
  });
  await t.given.completedSession({ coach, client, startsAt: new Date(Date.now() - 86_400_000) });
  const asClient = createBrowserClient(server.url).client;
  await asClient.dev.signInAs.mutate({ userId: client.id });
  await asClient.user.completeOnboarding.mutate({
    coachingGoals: 'Calmer mornings',
    symptoms: intake,
    initialMood: 3,
    timezone: 'Europe/Lisbon',
  });
  await asClient.user.updateProfile.mutate({ displayName: client.displayName, timezone: 'Europe/Lisbon', bio });
  const asCoach = createBrowserClient(server.url).client;
  await asCoach.dev.signInAs.mutate({ userId: coach.id });
  await asCoach.user.updateClientContext.mutate({
    clientId: client.id,
    clientFacts: [context],
    challenges: [],
    preferences: null,
    contextNotes: null,
  });
  // Read back through the product: the people allowed to see it see the text.
  expect((await asClient.user.profile.query()).onboarding.symptoms).toBe(intake);
  expect((await asCoach.user.clientContext.query({ clientId: client.id })).clientFacts).toEqual([context]);
  // The control: a notification is plain text by design, so the search must find it.
  await t.db.notification.create({ data: { userId: client.id, type: 'note', title: control, message: control } });

  const found = await dataFilesContaining([intake, context, bio, control]);
  expect(found.get(control)?.length, 'the control phrase was not found: the search does not work').toBeGreaterThan(0);
  expect(found.get(intake)).toEqual([]);
  expect(found.get(context)).toEqual([]);
  expect(found.get(bio)).toEqual([]);
});

test('the export downloads over HTTP for its member only, as a zip with their transcript', async () => {
  const done = await t.given.completedSession({ startsAt: new Date(Date.now() - 86_400_000) });
  await t.db.message.create({
    data: {
      sessionId: done.session.id,
      userId: done.client.id,
      sender: 'client',
      kind: 'transcript',
      content: 'My shoulders dropped',
      seq: 0,
      spokenAt: done.appointment.scheduledFor,
    },
  });
  const member = createBrowserClient(server.url);
  await member.client.dev.signInAs.mutate({ userId: done.client.id });
  const { id } = await member.client.privacy.requestExport.mutate();
  const { createCaller, createContext, DevMailbox } = await import('@hybridcoach/api');
  const { createLogger } = await import('@hybridcoach/config');
  const logger = createLogger('t', 'silent');
  await createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 'w',
      settings: server.settings,
      keys: t.keys,
      mailer: new DevMailbox(logger),
      principal: { kind: 'service', service: 'worker' },
    }),
  ).privacy.worker.buildExport({ exportId: id });

  const cookie = [...member.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(`${server.url}/exports/${id}/download`, { headers: { cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/zip');
  const zip = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const transcript = Object.entries(zip).find(([name]) => name.startsWith('sessions/'))?.[1];
  expect(strFromU8(transcript as Uint8Array)).toContain('My shoulders dropped');

  expect((await fetch(`${server.url}/exports/${id}/download`)).status).toBe(401);
  const stranger = createBrowserClient(server.url);
  await stranger.client.dev.signInAs.mutate({ userId: done.coach.id });
  const strangerCookie = [...stranger.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  expect((await fetch(`${server.url}/exports/${id}/download`, { headers: { cookie: strangerCookie } })).status).toBe(
    404,
  );
});
