import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Community } from '@hybridcoach/db';
import { readCsv, type SkoolObservation, type SkoolSource } from './sources';

/** A claimed file untouched this long belonged to a worker that died; it is claimed again. */
const STALE_CLAIM_MS = 15 * 60_000;

/** `ultra-members.csv`, `Vagus 2030-01-10.csv` → the community; anything else is refused. */
export function communityOfFile(name: string): Community | null {
  const match = /^(ultra|vagus)/i.exec(name);
  return match ? (match[1]?.toLowerCase() as Community) : null;
}

/**
 * Members CSVs an admin drops into a folder (SKOOL_CSV_DIR), named after their community.
 * Each file is claimed by renaming it into `processing/` (atomic, so two workers never read the
 * same file), and settled into `done/` or `failed/` (with a `.error.txt` saying what to fix).
 * The file's modification time is the snapshot's instant: when the export was saved.
 */
export function csvFolderSource(dir: string, options: { now: () => Date }): SkoolSource {
  const folders = {
    processing: path.join(dir, 'processing'),
    done: path.join(dir, 'done'),
    failed: path.join(dir, 'failed'),
  };
  return {
    name: 'csv-folder',
    async read() {
      await Promise.all(Object.values(folders).map((f) => mkdir(f, { recursive: true })));
      await releaseStaleClaims(dir, folders.processing, options.now());
      const names = (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv'))
        .map((e) => e.name)
        .sort();
      const observations: SkoolObservation[] = [];
      for (const name of names) {
        const now = options.now();
        // The claim's time is in its name, so that a claim left by a dead worker can be told.
        const claimed = path.join(folders.processing, `${now.getTime()}--${name}`);
        try {
          await rename(path.join(dir, name), claimed);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // another worker took it
          throw err;
        }
        const { mtime } = await stat(claimed);
        const settle = async ({ ok, message }: { ok: boolean; message: string }) => {
          const stamped = `${now.toISOString().replace(/[:.]/g, '-')}-${name}`;
          const target = path.join(ok ? folders.done : folders.failed, stamped);
          await rename(claimed, target);
          if (!ok) await writeFile(`${target}.error.txt`, `${message}\n`);
        };
        const community = communityOfFile(name);
        const observation: SkoolObservation = community
          ? readCsv(await readFile(claimed, 'utf8'), community, mtime, 'csv-folder', name)
          : {
              kind: 'unreadable',
              community: null,
              error: `"${name}" does not say its community: name it ultra-….csv or vagus-….csv`,
              source: 'csv-folder',
              origin: name,
            };
        observations.push({ ...observation, settle });
      }
      return observations;
    },
  };
}

/** Files left in processing/ by a worker that stopped mid-way go back to be read again. */
async function releaseStaleClaims(dir: string, processing: string, now: Date): Promise<void> {
  for (const claim of await readdir(processing)) {
    const match = /^(\d+)--(.+)$/.exec(claim);
    if (!match?.[2] || now.getTime() - Number(match[1]) <= STALE_CLAIM_MS) continue;
    // Another worker may release it first; either way it is back in the folder.
    await rename(path.join(processing, claim), path.join(dir, match[2])).catch(() => {});
  }
}
