import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { openField, openJson, rewrapField, sealedKeyId, sealField, sealJson } from './field-seal';
import { ensureKeyFile, keyFilePath, keyIdOf, keyRing, loadKeyRing, parseKeys } from './key-ring';
import { openStream, rewrapSealedFile, sealedFileKeyId, sealStream } from './stream-seal';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const ring = keyRing([oldKey]);

describe('sealed fields', () => {
  test('open to the same text, carry the key id, and differ each time (a fresh data key per value)', () => {
    const a = sealField(ring, 'Racing heart, shallow breathing', 'Profile.intake:u1');
    const b = sealField(ring, 'Racing heart, shallow breathing', 'Profile.intake:u1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('Racing');
    expect(sealedKeyId(a)).toBe(keyIdOf(oldKey));
    expect(openField(ring, a, 'Profile.intake:u1')).toBe('Racing heart, shallow breathing');
    expect(openJson(ring, sealJson(ring, { mood: 3 }, 'x'), 'x')).toEqual({ mood: 3 });
  });

  test('refuse another row or field, a changed byte, and a ring without the key', () => {
    const sealed = sealField(ring, 'secret', 'Profile.intake:u1');
    expect(() => openField(ring, sealed, 'Profile.intake:u2')).toThrow(/does not authenticate/);
    const [p, id, wrapped, payload] = sealed.split(':') as [string, string, string, string];
    const flipped = Buffer.from(payload, 'base64url');
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
    expect(() =>
      openField(ring, [p, id, wrapped, flipped.toString('base64url')].join(':'), 'Profile.intake:u1'),
    ).toThrow();
    expect(() => openField(keyRing([newKey]), sealed, 'Profile.intake:u1')).toThrow(/not in this process's key ring/);
  });

  test('re-wrap under a new current key without touching the ciphertext', () => {
    const sealed = sealField(ring, 'secret', 'c');
    const rotated = keyRing([newKey, oldKey]);
    const rewrapped = rewrapField(rotated, sealed);
    expect(rewrapped).not.toBeNull();
    expect(sealedKeyId(rewrapped as string)).toBe(keyIdOf(newKey));
    expect((rewrapped as string).split(':')[3]).toBe(sealed.split(':')[3]);
    expect(openField(keyRing([newKey]), rewrapped as string, 'c')).toBe('secret');
    expect(rewrapField(rotated, rewrapped as string)).toBeNull();
  });
});

describe('sealed streams', () => {
  const big = randomBytes(200_000);

  async function sealed(data: Buffer, context = 'backup') {
    return buffer(Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]).pipe(sealStream(ring, context)));
  }

  test('round-trip in any chunking, and refuse a wrong context or a cut-off file', async () => {
    const file = await sealed(big);
    expect(file.includes(big.subarray(0, 64))).toBe(false);
    const chunks = [file.subarray(0, 13), file.subarray(13, 65_600), file.subarray(65_600)];
    expect((await buffer(Readable.from(chunks).pipe(openStream(ring, 'backup')))).equals(big)).toBe(true);
    expect((await buffer(Readable.from([file]).pipe(openStream(ring, 'backup')))).equals(big)).toBe(true);
    await expect(buffer(Readable.from([file]).pipe(openStream(ring, 'export')))).rejects.toThrow(/not a export/);
    // Cut at a frame boundary: every frame left authenticates, but none is the last.
    const cut = file.subarray(0, 8 + 4 + file.readUInt32BE(8) + 4 + 65_536 + 16);
    await expect(buffer(Readable.from([cut]).pipe(openStream(ring, 'backup')))).rejects.toThrow(/cut off|authenticate/);
  });

  test('an empty input seals and opens', async () => {
    const file = await sealed(Buffer.alloc(0));
    expect((await buffer(Readable.from([file]).pipe(openStream(ring, 'backup')))).length).toBe(0);
  });

  test('a file re-wraps in place under the new key and still opens', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-seal-'));
    const file = path.join(dir, 'b.sealed');
    await pipeline(Readable.from([big]), sealStream(ring, 'backup'), createWriteStream(file));
    const rotated = keyRing([newKey, oldKey]);
    expect(await rewrapSealedFile(rotated, file)).toBe(true);
    expect(await sealedFileKeyId(file)).toBe(keyIdOf(newKey));
    expect(await rewrapSealedFile(rotated, file)).toBe(false);
    const opened = await buffer(Readable.from([await readFile(file)]).pipe(openStream(keyRing([newKey]), 'backup')));
    expect(opened.equals(big)).toBe(true);
  });
});

describe('the key file', () => {
  test('is made once with mode 0600 on the one-machine default, and read back as the ring', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-keys-'));
    expect(await ensureKeyFile({ DATA_DIR: dir })).toBe(true);
    expect((await stat(keyFilePath(dir))).mode & 0o777).toBe(0o600);
    const first = await readFile(keyFilePath(dir), 'utf8');
    expect(await ensureKeyFile({ DATA_DIR: dir })).toBe(false);
    expect(await readFile(keyFilePath(dir), 'utf8')).toBe(first);
    const ring = await loadKeyRing({ DATA_DIR: dir });
    expect(ring.ids).toHaveLength(1);
  });

  test('ENCRYPTION_KEYS wins; no key at all is a sentence; a bad key names its place', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-keys-'));
    await expect(loadKeyRing({ DATA_DIR: dir })).rejects.toThrow(/set ENCRYPTION_KEYS/);
    const env = { ENCRYPTION_KEYS: `${newKey.toString('base64')},${oldKey.toString('base64')}`, DATA_DIR: dir };
    const fromEnv = await loadKeyRing(env);
    expect(fromEnv.currentId).toBe(keyIdOf(newKey));
    expect(fromEnv.ids).toEqual([keyIdOf(newKey), keyIdOf(oldKey)]);
    expect(() => parseKeys('abc')).toThrow(/key 1 is not 32 bytes/);
    await writeFile(keyFilePath(dir), '# comment\n\n');
    await expect(loadKeyRing({ DATA_DIR: dir })).rejects.toThrow(/holds no key/);
  });
});
