import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, loadEnv, repoRoot } from '@hybridcoach/config';
import { createDb, type Db, migrateDeploy, quoteIdent, withDatabase } from '@hybridcoach/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createContext } from '../core/context';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';
import { eventsAfter } from './events';

const MIGRATION = '20261129184647_meeting_record';
const migrations = path.join(repoRoot, 'packages/db/prisma/migrations');
const fixture = path.join(import.meta.dirname, 'test-fixtures/demo-seed-before-meeting-record.sql');
const logger = createLogger('migration-test', 'silent');

/**
 * What only the per-participant rows knew, beyond the demo seed: chat and a topic on the coach's
 * row, a message event in the old flat shape, and an archived pair of rows for one appointment.
 */
const SIBLING_DATA = `
INSERT INTO "Message" (id, "sessionId", "userId", sender, content, kind, "createdAt")
VALUES ('m-coach-chat', 'seed-appt-past-0-coach', 'seed-coach-maya', 'coach', 'Notes from the coach row', 'chat', '2026-11-19T15:20:00Z');
INSERT INTO "SessionTopicMapping" (id, "sessionId", "topicId")
SELECT 'tm-coach', 'seed-appt-past-0-coach', id FROM "SessionTopic" ORDER BY name LIMIT 1;
INSERT INTO "SessionEvent" ("appointmentId", type, payload)
VALUES ('seed-appt-past-0', 'message', '{"id":"m-coach-chat","kind":"chat","sender":"coach","senderName":"Maya Chen","content":"Notes from the coach row","seq":null,"spokenAt":null,"confidence":null,"isFinal":true,"createdAt":"2026-11-19T15:20:00.000Z"}');
INSERT INTO "SessionArchive" (id, "roomId", "appointmentId", "userId", "startedAt", "endedAt", "durationMinutes", status, "warningsSent", transcript, "aiSummary", summary, "createdAt", messages, participants, rating, topics, payments)
SELECT 'arch-client', a."roomId", a.id, a."clientId", a."scheduledFor", a."endsAt", 30, 'completed', 1, 'Client: old words', 'An old draft', NULL, a."scheduledFor",
  '[{"id":"am1","userId":null,"sender":"client","content":"old words","kind":"transcript","seq":0,"clientId":"k-0","spokenAt":"2026-01-01T10:01:00Z","confidence":0.9,"isFinal":true,"createdAt":"2026-01-01T10:01:00Z"}]',
  '[]', '{"id":"r-old","rating":4,"comment":null,"tipAmount":null,"createdAt":"2026-01-01T10:31:00Z"}', '[{"id":"t1","name":"sleep"}]', '[]'
FROM "Appointment" a WHERE a.id = 'seed-appt-past-11';
INSERT INTO "SessionArchive" (id, "roomId", "appointmentId", "userId", "startedAt", "endedAt", "durationMinutes", status, "warningsSent", transcript, "aiSummary", summary, "createdAt", messages, participants, rating, topics, payments)
SELECT 'arch-coach', a."roomId", a.id, a."coachId", a."scheduledFor", a."endsAt", 30, 'completed', 2, NULL, NULL, 'A published recap', a."scheduledFor" + interval '1 second',
  '[{"id":"am2","userId":null,"sender":"coach","content":"coach side chat","kind":"chat","seq":null,"clientId":null,"spokenAt":null,"confidence":null,"isFinal":true,"createdAt":"2026-01-01T10:05:00Z"}]',
  '[]', NULL, '[{"id":"t2","name":"stress"}]', '[]'
FROM "Appointment" a WHERE a.id = 'seed-appt-past-11';
DELETE FROM "Session" WHERE "appointmentId" = 'seed-appt-past-11';
`;

interface Before {
  appointments: { id: string; clientId: string; transcript: string; summary: string; rating: number }[];
  transcriptSegments: number;
  chatMessages: number;
  participants: number;
}

let adminUrl = '';
let name = '';
let db: Db;
let before: Before;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  adminUrl = inject('hcTestDatabase').adminUrl;
  name = `hc_meeting_${Date.now().toString(36)}`;
  await query(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  const url = withDatabase(adminUrl, name);
  // The database as it stood before the migration: the older migrations, then the demo seed.
  const older = await mkdtemp(path.join(os.tmpdir(), 'hc-older-migrations-'));
  try {
    for (const entry of await readdir(migrations)) {
      if (entry.localeCompare(MIGRATION) < 0 || entry === 'migration_lock.toml')
        await cp(path.join(migrations, entry), path.join(older, entry), { recursive: true });
    }
    await migrateDeploy(url, { migrationsDir: older });
  } finally {
    await rm(older, { recursive: true, force: true });
  }
  await query(url, await readFile(fixture, 'utf8'));
  await query(url, SIBLING_DATA);
  const appointments = await query<Before['appointments'][number]>(
    url,
    `SELECT a.id, a."clientId", s.transcript, s."aiSummary" AS summary, r.rating
     FROM "Appointment" a JOIN "Session" s ON s."appointmentId" = a.id AND s."userId" = a."clientId"
     JOIN "SessionRating" r ON r."sessionId" = s.id ORDER BY a.id`,
  );
  const [counts] = await query<{ segments: number; chat: number; participants: number }>(
    url,
    `SELECT (SELECT count(*)::int FROM "Message" WHERE kind = 'transcript') AS segments,
            (SELECT count(*)::int FROM "Message" WHERE kind = 'chat') AS chat,
            (SELECT count(*)::int FROM "SessionParticipant") AS participants`,
  );
  before = {
    appointments,
    transcriptSegments: counts?.segments ?? 0,
    chatMessages: counts?.chat ?? 0,
    participants: counts?.participants ?? 0,
  };
  await migrateDeploy(url);
  db = createDb({ url, poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  if (name) await query(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
});

function asClient(userId: string) {
  return createCaller(
    createContext({
      db,
      logger,
      requestId: 'migration-test',
      settings: settingsFromEnv(loadEnv({})),
      mailer: new DevMailbox(logger),
      principal: { kind: 'user', userId, role: 'client', userSessionId: 'test' },
    }),
  );
}

describe('the meeting-record migration on a database holding the demo seed', () => {
  test('leaves one meeting record per appointment and loses no message, rating or presence', async () => {
    // Twelve seeded sessions, one of them archived (its rows are only in the archive).
    expect(before.appointments).toHaveLength(11);
    expect(await db.session.count()).toBe(11);
    expect(await db.sessionArchive.count()).toBe(1);
    expect(await db.message.count({ where: { kind: 'transcript' } })).toBe(before.transcriptSegments);
    expect(await db.message.count({ where: { kind: 'chat' } })).toBe(before.chatMessages);
    // Each seeded appointment already had its people's presence; the archived pair adds none.
    expect(await db.sessionParticipant.count()).toBe(before.participants);
  });

  test('every transcript, summary, rating and chat line is readable by its client through the API', async () => {
    for (const seeded of before.appointments) {
      const detail = await asClient(seeded.clientId).session.detail({ appointmentId: seeded.id });
      expect(detail.transcriptText).toBe(seeded.transcript);
      expect(detail.summary).toBe(seeded.summary);
      expect(detail.rating?.rating).toBe(seeded.rating);
      expect(detail.transcript.length).toBeGreaterThan(5);
      expect(detail.participants.map((p) => p.role).sort()).toEqual(['agent', 'client', 'coach']);
      expect(detail.chat.map((m) => m.content)).toContain('Thank you, see you next week!');
    }
    const first = before.appointments[0];
    if (!first) throw new Error('the fixture has no appointments');
    const merged = await asClient(first.clientId).session.detail({ appointmentId: first.id });
    // What sat on the coach's row now belongs to the meeting.
    expect(merged.chat.map((m) => m.content)).toContain('Notes from the coach row');
    expect(merged.topics.length).toBeGreaterThan(0);
  });

  test('the history lists every session with its summary and rating', async () => {
    const client = before.appointments[0]?.clientId ?? '';
    const mine = await asClient(client).session.mine({ limit: 50 });
    const expected = before.appointments.filter((a) => a.clientId === client);
    expect(mine.items.map((i) => i.id).sort()).toEqual(expected.map((a) => a.id).sort());
    for (const item of mine.items) expect(item.rating).not.toBeNull();
  });

  test('an archived pair of rows becomes one archived meeting holding both sides', async () => {
    const archived = await db.sessionArchive.findUniqueOrThrow({ where: { appointmentId: 'seed-appt-past-11' } });
    expect(archived.id).toBe('arch-client');
    expect(archived.warningsSent).toBe(2);
    expect(archived.transcript).toBe('Client: old words');
    expect(archived.summary).toBe('A published recap');
    expect(archived.rating).toMatchObject({ rating: 4 });
    expect((archived.messages as { id: string; idempotencyKey?: string | null }[]).map((m) => m.id)).toEqual([
      'am1',
      'am2',
    ]);
    expect((archived.messages as { idempotencyKey?: string | null }[])[0]?.idempotencyKey).toBe('k-0');
    expect((archived.topics as { name: string }[]).map((t) => t.name).sort()).toEqual(['sleep', 'stress']);
  });

  test('a stored message event reads as the typed event', async () => {
    const { events } = await eventsAfter(db, 'seed-appt-past-0', 0n);
    expect(events).toHaveLength(1);
    const [only] = events;
    expect(only?.event.type).toBe('message');
    if (only?.event.type !== 'message') throw new Error('not a message event');
    expect(only.event.message.content).toBe('Notes from the coach row');
    expect(only.event.message.createdAt).toBeInstanceOf(Date);
  });
});
