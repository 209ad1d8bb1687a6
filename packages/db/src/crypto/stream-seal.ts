import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type KeyRing, KeyRingError } from './key-ring';

/**
 * Files sealed with the key service (backups, exports): one random data key per file, wrapped
 * by the current KEK, then the content in authenticated frames (AES-256-GCM, a counter nonce,
 * the frame's index and a last-frame flag in the associated data), so a reader detects a
 * changed, reordered or cut-off file, and a restore can stream without holding the file.
 *
 *   "HCSEAL01" | u32 header length | header JSON {keyId, wrapped, context}
 *   frames: u32 ciphertext length | ciphertext | 16-byte tag   (the last one flagged in its AAD)
 */
const MAGIC = Buffer.from('HCSEAL01');
const FRAME_BYTES = 64 * 1024;
const TAG_BYTES = 16;

interface Header {
  keyId: string;
  wrapped: string;
  context: string;
}

const nonce = (index: number) => {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 0);
  return iv;
};
const frameAad = (context: string, index: number, last: boolean) => Buffer.from(`${context}|${index}|${last ? 1 : 0}`);

function headerBytes(header: Header): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json]);
}

/** Encrypts what is written into it; `context` says what the file is and must match on reading. */
export function sealStream(keys: KeyRing, context: string): Transform {
  const dataKey = randomBytes(32);
  const { keyId, wrapped } = keys.wrap(dataKey);
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const frame = (plain: Buffer, last: boolean) => {
    const cipher = createCipheriv('aes-256-gcm', dataKey, nonce(index));
    cipher.setAAD(frameAad(context, index, last));
    index++;
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    return Buffer.concat([length, body, cipher.getAuthTag()]);
  };
  return new Transform({
    construct(callback) {
      this.push(headerBytes({ keyId, wrapped: wrapped.toString('base64'), context }));
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // Keep at least one byte back: the last frame is written by flush, flagged as last.
      while (pending.length > FRAME_BYTES) {
        this.push(frame(pending.subarray(0, FRAME_BYTES), false));
        pending = pending.subarray(FRAME_BYTES);
      }
      callback();
    },
    flush(callback) {
      this.push(frame(pending, true));
      callback();
    },
  });
}

/** Decrypts a sealed file's bytes; fails on a wrong context, a changed frame or a cut-off end. */
export function openStream(keys: KeyRing, context: string): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let dataKey: Buffer | null = null;
  let index = 0;
  let ended = false;
  const take = (n: number) => {
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        if (!dataKey) {
          if (buffered.length < MAGIC.length + 4) return callback();
          if (!buffered.subarray(0, MAGIC.length).equals(MAGIC)) throw new KeyRingError('not a sealed file');
          const headerLength = buffered.readUInt32BE(MAGIC.length);
          if (buffered.length < MAGIC.length + 4 + headerLength) return callback();
          take(MAGIC.length + 4);
          const header = JSON.parse(take(headerLength).toString('utf8')) as Header;
          if (header.context !== context)
            throw new KeyRingError(`this sealed file is a ${header.context}, not a ${context}`);
          dataKey = keys.unwrap(header.keyId, Buffer.from(header.wrapped, 'base64'));
        }
        while (buffered.length >= 4) {
          const length = buffered.readUInt32BE(0);
          if (buffered.length < 4 + length + TAG_BYTES) break;
          if (ended) throw new KeyRingError('a sealed file has data after its last frame');
          take(4);
          const body = take(length);
          const tag = take(TAG_BYTES);
          // Only the frame that ends the file is flagged last; one with more data after it is not.
          const opened = openFrame(dataKey, context, index, body, tag, buffered.length === 0);
          this.push(opened.plain);
          index++;
          ended = opened.last;
        }
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      callback(ended && buffered.length === 0 ? null : new KeyRingError('a sealed file is cut off'));
    },
  });
}

function openFrame(dataKey: Buffer, context: string, index: number, body: Buffer, tag: Buffer, mayBeLast: boolean) {
  const attempt = (last: boolean) => {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, nonce(index));
    decipher.setAAD(frameAad(context, index, last));
    decipher.setAuthTag(tag);
    return { plain: Buffer.concat([decipher.update(body), decipher.final()]), last };
  };
  // A chunk can end exactly after a frame that is not the last: then either reading may hold.
  for (const last of mayBeLast ? [true, false] : [false]) {
    try {
      return attempt(last);
    } catch {}
  }
  throw new KeyRingError(`frame ${index} of a sealed file does not authenticate`);
}

/** The key id a sealed file's data key is wrapped with. */
export async function sealedFileKeyId(file: string): Promise<string> {
  return (await readHeader(file)).header.keyId;
}

async function readHeader(file: string): Promise<{ header: Header; bodyOffset: number }> {
  const handle = await open(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    await handle.read(start, 0, start.length, 0);
    if (!start.subarray(0, MAGIC.length).equals(MAGIC)) throw new KeyRingError(`${file} is not a sealed file`);
    const length = start.readUInt32BE(MAGIC.length);
    const json = Buffer.alloc(length);
    await handle.read(json, 0, length, start.length);
    return { header: JSON.parse(json.toString('utf8')) as Header, bodyOffset: start.length + length };
  } finally {
    await handle.close();
  }
}

/** Re-wraps a sealed file's data key with the current KEK (the frames stay as they are). */
export async function rewrapSealedFile(keys: KeyRing, file: string): Promise<boolean> {
  const { header, bodyOffset } = await readHeader(file);
  if (header.keyId === keys.currentId) return false;
  const rewrapped = keys.wrap(keys.unwrap(header.keyId, Buffer.from(header.wrapped, 'base64')));
  const next = { ...header, keyId: rewrapped.keyId, wrapped: rewrapped.wrapped.toString('base64') };
  const temporary = `${file}.rewrap`;
  try {
    const out = createWriteStream(temporary, { mode: 0o600 });
    out.write(headerBytes(next));
    await pipeline(createReadStream(file, { start: bodyOffset }), out);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
  return true;
}
