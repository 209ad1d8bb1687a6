import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@hybridcoach/config';
import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';
import { createDb } from '../client';
import { quoteIdent, withDatabase } from '../connection-url';
import { openField } from '../crypto/field-seal';
import { healthFieldContext, openBio, openContext, openIntake } from '../health-fields';
import { migrateDeploy } from '../migrate';
import { migrationsDir } from '../prisma-cli';
import { sealPendingPlaintext } from '../seal-pending';
import { testKeys } from '../testing';

const SEALING = '20261129220000_privacy_lifecycle';
const name = `hc_seal_${Date.now().toString(36)}`;
const logger = createLogger('seal-test', 'silent');

async function sql(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await sql(inject('hcTestDatabase').adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
});

test('an install from before encryption keeps its health data: the migration moves it, db:migrate seals it and leaves no plaintext', async () => {
  const { adminUrl } = inject('hcTestDatabase');
  await sql(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  const url = withDatabase(adminUrl, name);
  const older = await mkdtemp(path.join(os.tmpdir(), 'hc-before-sealing-'));
  try {
    for (const entry of await readdir(migrationsDir))
      if (entry.localeCompare(SEALING) < 0 || entry === 'migration_lock.toml')
        await cp(path.join(migrationsDir, entry), path.join(older, entry), { recursive: true });
    await migrateDeploy(url, { migrationsDir: older });
  } finally {
    await rm(older, { recursive: true, force: true });
  }
  // The rows as the old schema held them, in plain text.
  await sql(
    url,
    `INSERT INTO "User" (id, email, "displayName", "updatedAt") VALUES ('u1', 'a@vagus.example', 'A', now()), ('u2', 'c@ultra.example', 'C', now()), ('u3', 'b@vagus.example', 'B', now())`,
  );
  await sql(
    url,
    `INSERT INTO "Profile" (id, "userId", "bioJson", "clientFacts", challenges, preferences, "contextNotes", "intakeCoachingGoals", "intakeSymptoms", "intakeInitialMood", "onboardingCompleted", "updatedAt")
     VALUES ('p1', 'u1', '{"text":"Runner"}', ARRAY['Two kids'], ARRAY['Sleep'], '{"reminders":true}', 'Referred by a friend', 'Calm mornings', 'Racing heart', 3, true, now()),
            ('p3', 'u3', NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, false, now())`,
  );
  await sql(
    url,
    `INSERT INTO "ClientNote" (id, "coachId", "clientId", content, "updatedAt") VALUES ('n1', 'u2', 'u1', 'Seems tired lately', now())`,
  );

  await migrateDeploy(url);
  const moved = await sql(url, `SELECT "pendingPlaintext" FROM "Profile" WHERE id = 'p1'`);
  expect(moved[0]?.pendingPlaintext).toMatchObject({ intake: { symptoms: 'Racing heart' }, bio: 'Runner' });
  const db = createDb({ url, poolSize: 2 });
  try {
    expect(await sealPendingPlaintext(db, async () => testKeys, logger)).toEqual({ profiles: 1, notes: 1 });
    const p1 = await db.profile.findUniqueOrThrow({ where: { id: 'p1' } });
    expect(p1.pendingPlaintext).toBeNull();
    expect(openIntake(testKeys, 'u1', p1.sealedIntake)).toEqual({
      coachingGoals: 'Calm mornings',
      symptoms: 'Racing heart',
      initialMood: 3,
    });
    expect(openContext(testKeys, 'u1', p1.sealedContext)).toEqual({
      clientFacts: ['Two kids'],
      challenges: ['Sleep'],
      preferences: { reminders: true },
      contextNotes: 'Referred by a friend',
    });
    expect(openBio(testKeys, 'u1', p1.sealedBio)).toBe('Runner');
    // A profile with nothing to seal had nothing moved.
    expect(await db.profile.findUniqueOrThrow({ where: { id: 'p3' } })).toMatchObject({
      sealedIntake: null,
      pendingPlaintext: null,
    });
    const note = await db.clientNote.findUniqueOrThrow({ where: { id: 'n1' } });
    expect(openField(testKeys, note.sealedContent ?? '', healthFieldContext.clientNote('u1'))).toBe(
      'Seems tired lately',
    );
    // Run again: nothing left, and no key is asked for.
    expect(await sealPendingPlaintext(db, () => Promise.reject(new Error('no key needed')), logger)).toEqual({
      profiles: 0,
      notes: 0,
    });
  } finally {
    await db.$disconnect();
  }
});
