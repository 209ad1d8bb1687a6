import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Passwords of the embedded server's roles: made once per data directory and kept in it, readable
 * by its owner alone (0600), so that no two installs share a password and nothing is in the code.
 */
export interface EmbeddedCredentials {
  /** `postgres`: initdb, creating the database and the roles; nothing at run time. */
  superuser: string;
  /** Owns the database and its tables: migrations, seeding, backups and restores. */
  owner: string;
  /** What the web, worker and agent processes connect as: rows, not tables. */
  app: string;
}

const FILE = 'hybridcoach-credentials.json';
/** The one password every embedded data directory had before they were made per directory. */
export const LEGACY_SUPERUSER_PASSWORD = 'hybridcoach-local';

export function newCredentials(): EmbeddedCredentials {
  const secret = () => randomBytes(24).toString('base64url');
  return { superuser: secret(), owner: secret(), app: secret() };
}

export async function readCredentials(dataDir: string): Promise<EmbeddedCredentials | null> {
  const text = await readFile(path.join(dataDir, FILE), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (text === null) return null;
  const parsed = JSON.parse(text) as Partial<EmbeddedCredentials>;
  if (!parsed.superuser || !parsed.owner || !parsed.app) throw new Error(`${path.join(dataDir, FILE)} is incomplete`);
  return { superuser: parsed.superuser, owner: parsed.owner, app: parsed.app };
}

export async function writeCredentials(dataDir: string, credentials: EmbeddedCredentials): Promise<void> {
  const file = path.join(dataDir, FILE);
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}
