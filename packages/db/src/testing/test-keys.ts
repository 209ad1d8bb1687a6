import { createHash } from 'node:crypto';
import { keyRing } from '../crypto/key-ring';

/** The tests' key: fixed, so that any test file, factory and test server share one ring. */
export const testKeyText = createHash('sha256').update('hybridcoach test key-encryption key').digest('base64');

/** The key ring every test process uses (never a production key). */
export const testKeys = keyRing([Buffer.from(testKeyText, 'base64')]);
