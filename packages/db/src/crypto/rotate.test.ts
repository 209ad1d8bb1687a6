import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { openContext, openIntake, sealContext, sealIntake } from '../health-fields';
import { useTestDatabase } from '../testing';
import { openField, sealedKeyId, sealField } from './field-seal';
import { ensureKeyFile, keyFilePath, keyIdOf, keyRing, loadKeyRing } from './key-ring';
import { addKeyToFile, rewrapAll } from './rotate';
import { sealedFileKeyId, sealStream } from './stream-seal';

const t = useTestDatabase();

describe('key rotation', () => {
  test('re-wraps every sealed field and file under the new key; the old key is then not needed', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = keyRing([oldKey]);
    const client = await t.given.client();
    await t.db.profile.update({
      where: { userId: client.id },
      data: {
        sealedIntake: sealIntake(before, client.id, {
          coachingGoals: 'Sleep',
          symptoms: 'Racing heart',
          initialMood: 2,
        }),
        sealedContext: sealContext(before, client.id, {
          clientFacts: ['Nurse'],
          challenges: [],
          preferences: null,
          contextNotes: null,
        }),
      },
    });
    const coach = await t.given.coach();
    const note = await t.db.clientNote.create({
      data: {
        coachId: coach.id,
        clientId: client.id,
        sealedContent: sealField(before, 'Private note', `ClientNote.content:${client.id}`),
      },
    });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'hc-rotate-'));
    const backup = path.join(folder, 'b.hcbackup');
    await pipeline(
      Readable.from([Buffer.from('backup body')]),
      sealStream(before, 'backup'),
      createWriteStream(backup),
    );

    const rotated = keyRing([newKey, oldKey]);
    const result = await rewrapAll(t.db, rotated, [folder]);
    expect(result).toMatchObject({ currentKeyId: keyIdOf(newKey), files: 1 });
    expect(result.fields).toBeGreaterThanOrEqual(3);
    expect((await rewrapAll(t.db, rotated, [folder])).fields).toBe(0);

    const onlyNew = keyRing([newKey]);
    const profile = await t.db.profile.findUniqueOrThrow({ where: { userId: client.id } });
    expect(sealedKeyId(profile.sealedIntake as string)).toBe(keyIdOf(newKey));
    expect(openIntake(onlyNew, client.id, profile.sealedIntake).symptoms).toBe('Racing heart');
    expect(openContext(onlyNew, client.id, profile.sealedContext).clientFacts).toEqual(['Nurse']);
    const savedNote = await t.db.clientNote.findUniqueOrThrow({ where: { id: note.id } });
    expect(openField(onlyNew, savedNote.sealedContent as string, `ClientNote.content:${client.id}`)).toBe(
      'Private note',
    );
    expect(await sealedFileKeyId(backup)).toBe(keyIdOf(newKey));
  });

  test('the key file gets the new key first and keeps the old ones after it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-keyfile-'));
    await ensureKeyFile({ DATA_DIR: dir });
    const before = await loadKeyRing({ DATA_DIR: dir });
    await addKeyToFile(dir);
    const after = await loadKeyRing({ DATA_DIR: dir });
    expect(after.ids).toHaveLength(2);
    expect(after.ids[1]).toBe(before.currentId);
    expect(after.currentId).not.toBe(before.currentId);
    expect((await readFile(keyFilePath(dir))).length).toBeGreaterThan(0);
  });
});
