import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../client';
import { rewrapField } from './field-seal';
import { type KeyRing, keyFilePath, newKeyText, parseKeys, writeKeyFile } from './key-ring';
import { rewrapSealedFile } from './stream-seal';

export interface RotationResult {
  currentKeyId: string;
  fields: number;
  files: number;
}

/** A value not yet wrapped by the current key (`hc1:<id>:…`), in SQL. */
const notCurrent = (column: string, keyId: string) => `(${column} IS NOT NULL AND ${column} NOT LIKE 'hc1:${keyId}:%')`;

/**
 * Re-wraps every sealed value and sealed file under the ring's current key: health data in the
 * database (only the data keys change; the ciphertext stays) and exports and backups in the
 * given folders. Idempotent: what already uses the current key is left alone.
 */
export async function rewrapAll(db: Db, keys: KeyRing, folders: string[]): Promise<RotationResult> {
  const id = keys.currentId;
  if (!/^[0-9a-f]+$/.test(id)) throw new Error('unexpected key id');
  let fields = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<
      { id: string; sealedIntake: string | null; sealedContext: string | null; sealedBio: string | null }[]
    >(
      `SELECT id, "sealedIntake", "sealedContext", "sealedBio" FROM "Profile"
       WHERE ${notCurrent('"sealedIntake"', id)} OR ${notCurrent('"sealedContext"', id)} OR ${notCurrent('"sealedBio"', id)}
       LIMIT 200`,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const next = {
        sealedIntake: row.sealedIntake && (rewrapField(keys, row.sealedIntake) ?? row.sealedIntake),
        sealedContext: row.sealedContext && (rewrapField(keys, row.sealedContext) ?? row.sealedContext),
        sealedBio: row.sealedBio && (rewrapField(keys, row.sealedBio) ?? row.sealedBio),
      };
      await db.profile.update({ where: { id: row.id }, data: next });
      fields += Object.values(next).filter(Boolean).length;
    }
  }
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ id: string; sealedContent: string }[]>(
      `SELECT id, "sealedContent" FROM "ClientNote" WHERE ${notCurrent('"sealedContent"', id)} LIMIT 200`,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      await db.clientNote.update({
        where: { id: row.id },
        data: { sealedContent: rewrapField(keys, row.sealedContent) },
      });
      fields++;
    }
  }
  let files = 0;
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.hcbackup') || n.endsWith('.zip.sealed'))) {
      if (await rewrapSealedFile(keys, path.join(folder, name))) files++;
    }
  }
  return { currentKeyId: id, fields, files };
}

/**
 * The one-machine key file: a new key goes first (it wraps from now on); the old ones stay
 * after it, to read backups copied elsewhere before the rotation.
 */
export async function addKeyToFile(dataDir: string): Promise<void> {
  const text = await readFile(keyFilePath(dataDir), 'utf8');
  const existing = parseKeys(text).map((k) => k.toString('base64'));
  await writeKeyFile(dataDir, [newKeyText(), ...existing]);
}
