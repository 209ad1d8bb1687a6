import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The agent's name as lease holder. Kept in its data directory so that a restarted agent is the
 * same agent: it takes back the rooms it held at once instead of waiting for their leases to
 * run out. Each agent process needs its own data directory.
 */
export async function resolveAgentId(dataDir: string, configured: string | null): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'agent-id');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (/^[A-Za-z0-9_.-]{1,64}$/.test(existing.trim())) return existing.trim();
  const host =
    os
      .hostname()
      .replace(/[^A-Za-z0-9-]/g, '')
      .slice(0, 40) || 'host';
  const id = `${host}-${randomBytes(4).toString('hex')}`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${id}\n`);
  return id;
}
