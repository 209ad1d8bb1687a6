import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type KeyRing, KeyRingError } from './key-ring';

/**
 * Field-level envelope encryption: each sealed value has its own random data key (AES-256-GCM),
 * wrapped by the ring's current key-encryption key, whose id travels beside the ciphertext:
 *
 *   hc1:<key id>:<wrapped data key, base64url>:<iv | ciphertext | tag, base64url>
 *
 * `context` names what the value is and whose (`Profile.intake:<userId>`); it is authenticated,
 * so a value copied into another row or field does not open. Rotating the KEK re-wraps only the
 * data key (`rewrapField`); the ciphertext is untouched.
 */
const PREFIX = 'hc1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function parts(sealed: string): { keyId: string; wrapped: Buffer; payload: Buffer } {
  const [prefix, keyId, wrapped, payload, ...rest] = sealed.split(':');
  if (prefix !== PREFIX || !keyId || !wrapped || !payload || rest.length > 0)
    throw new KeyRingError('this value is not a sealed field');
  return { keyId, wrapped: Buffer.from(wrapped, 'base64url'), payload: Buffer.from(payload, 'base64url') };
}

export function sealField(keys: KeyRing, plaintext: string, context: string): string {
  const dataKey = randomBytes(32);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const { keyId, wrapped } = keys.wrap(dataKey);
  const payload = Buffer.concat([iv, body, cipher.getAuthTag()]);
  return `${PREFIX}:${keyId}:${wrapped.toString('base64url')}:${payload.toString('base64url')}`;
}

export function openField(keys: KeyRing, sealed: string, context: string): string {
  const { keyId, wrapped, payload } = parts(sealed);
  if (payload.length < IV_BYTES + TAG_BYTES) throw new KeyRingError('a sealed field is damaged');
  const decipher = createDecipheriv('aes-256-gcm', keys.unwrap(keyId, wrapped), payload.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(payload.subarray(IV_BYTES, payload.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new KeyRingError(`a sealed field does not authenticate as ${context}`);
  }
}

/** JSON values sealed as one field (a group of answers written and read together). */
export function sealJson(keys: KeyRing, value: unknown, context: string): string {
  return sealField(keys, JSON.stringify(value), context);
}

export function openJson(keys: KeyRing, sealed: string, context: string): unknown {
  return JSON.parse(openField(keys, sealed, context));
}

/** The id of the key that wrapped a sealed value. */
export function sealedKeyId(sealed: string): string {
  return parts(sealed).keyId;
}

/** The same value with its data key wrapped by the ring's current key; null when it already is. */
export function rewrapField(keys: KeyRing, sealed: string): string | null {
  const { keyId, wrapped, payload } = parts(sealed);
  if (keyId === keys.currentId) return null;
  const rewrapped = keys.wrap(keys.unwrap(keyId, wrapped));
  return `${PREFIX}:${rewrapped.keyId}:${rewrapped.wrapped.toString('base64url')}:${payload.toString('base64url')}`;
}
