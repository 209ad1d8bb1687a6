import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The file under DATA_DIR that holds the key-encryption keys when ENCRYPTION_KEYS is not set. */
export const KEY_FILE_NAME = 'encryption-keys';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

/** A key's id: a fingerprint, so a list of keys needs no names and a wrong key is recognisable. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('hybridcoach-kek-id:').update(key).digest('hex').slice(0, 16);
}

/**
 * The key-encryption keys (KEKs): the first wraps new data keys, every one unwraps what it
 * wrapped. Key material never leaves the ring; callers wrap and unwrap data keys with it.
 */
export interface KeyRing {
  readonly currentId: string;
  readonly ids: readonly string[];
  has(keyId: string): boolean;
  /** Wraps a data key with the current KEK (AES-256-GCM; the key id is authenticated with it). */
  wrap(dataKey: Buffer): { keyId: string; wrapped: Buffer };
  unwrap(keyId: string, wrapped: Buffer): Buffer;
}

export function keyRing(keys: readonly Buffer[]): KeyRing {
  if (keys.length === 0) throw new KeyRingError('an encryption key ring needs at least one key');
  for (const key of keys) {
    if (key.length !== KEY_BYTES) throw new KeyRingError(`each encryption key must be ${KEY_BYTES} bytes`);
  }
  const byId = new Map(keys.map((k) => [keyIdOf(k), Buffer.from(k)]));
  const currentId = keyIdOf(keys[0] as Buffer);
  const keyOf = (keyId: string): Buffer => {
    const key = byId.get(keyId);
    if (!key)
      throw new KeyRingError(
        `encryption key ${keyId} is not in this process's key ring (ENCRYPTION_KEYS or ${KEY_FILE_NAME}); add it back to read this data`,
      );
    return key;
  };
  return {
    currentId,
    ids: [...byId.keys()],
    has: (keyId) => byId.has(keyId),
    wrap(dataKey) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyOf(currentId), iv);
      cipher.setAAD(Buffer.from(`kek:${currentId}`));
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return { keyId: currentId, wrapped: Buffer.concat([iv, body, cipher.getAuthTag()]) };
    },
    unwrap(keyId, wrapped) {
      if (wrapped.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw new KeyRingError('a wrapped data key is damaged');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(keyId), wrapped.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`kek:${keyId}`));
      decipher.setAuthTag(wrapped.subarray(IV_BYTES + KEY_BYTES));
      try {
        return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, IV_BYTES + KEY_BYTES)), decipher.final()]);
      } catch {
        throw new KeyRingError(`the data key wrapped by key ${keyId} does not authenticate`);
      }
    },
  };
}

/** A fresh random 32-byte key, base64 (what ENCRYPTION_KEYS and the key file hold). */
export function newKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Keys from text: base64 32-byte keys separated by commas or lines, the current one first; `#` starts a comment. */
export function parseKeys(text: string): Buffer[] {
  const entries = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.map((entry, i) => {
    const key = Buffer.from(entry, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== entry)
      throw new KeyRingError(
        `encryption key ${i + 1} is not ${KEY_BYTES} bytes of base64 (make one with: openssl rand -base64 32)`,
      );
    return key;
  });
}

export const keyFilePath = (dataDir: string) => path.join(dataDir, KEY_FILE_NAME);

/**
 * The key ring of this process: ENCRYPTION_KEYS when set, else the key file in DATA_DIR. Throws
 * a sentence naming both when neither exists: a process must never invent a key of its own
 * (only `npm start`, one machine, does: `ensureKeyFile`).
 */
export async function loadKeyRing(env: { ENCRYPTION_KEYS?: string; DATA_DIR: string }): Promise<KeyRing> {
  if (env.ENCRYPTION_KEYS) return keyRing(parseKeys(env.ENCRYPTION_KEYS));
  const file = keyFilePath(env.DATA_DIR);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new KeyRingError(`cannot read ${file}: ${err.message}`);
  });
  if (text === null)
    throw new KeyRingError(
      `no encryption key: set ENCRYPTION_KEYS (openssl rand -base64 32), or keep ${file} from the machine that made it`,
    );
  const keys = parseKeys(text);
  if (keys.length === 0) throw new KeyRingError(`${file} holds no key`);
  return keyRing(keys);
}

const KEY_FILE_HEADER = `# HybridCoach key-encryption keys, base64, the current one first. Without them the encrypted
# health data and the backups cannot be read: keep a copy somewhere other than the backups.
`;

/** Writes the key file (mode 0600), the current key first. */
export async function writeKeyFile(dataDir: string, keys: readonly string[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const file = keyFilePath(dataDir);
  await writeFile(file, `${KEY_FILE_HEADER}${keys.join('\n')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * The one-machine default (`npm start`): makes the key file with a fresh key when no key is
 * configured and none exists yet. Returns whether it made one.
 */
export async function ensureKeyFile(env: { ENCRYPTION_KEYS?: string; DATA_DIR: string }): Promise<boolean> {
  if (env.ENCRYPTION_KEYS) return false;
  const exists = await readFile(keyFilePath(env.DATA_DIR)).then(
    () => true,
    () => false,
  );
  if (exists) return false;
  await writeKeyFile(env.DATA_DIR, [newKeyText()]);
  return true;
}

/** For the demo scripts (db:seed, db:reset): the embedded default makes its key file as npm start would. */
export async function demoKeyRing(env: { ENCRYPTION_KEYS?: string; DATA_DIR: string; DATABASE_URL?: string }) {
  if (!env.DATABASE_URL) await ensureKeyFile(env);
  return loadKeyRing(env);
}

/** A ring for a process that was given none: every use says so (never a silent default key). */
export const noKeyRing: KeyRing = {
  currentId: '',
  ids: [],
  has: () => false,
  wrap() {
    throw new KeyRingError('this process was started without encryption keys');
  },
  unwrap() {
    throw new KeyRingError('this process was started without encryption keys');
  },
};
