import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@hybridcoach/config';
import { expect, test } from 'vitest';

test('nothing but the factory in client.ts constructs a PrismaClient', async () => {
  const offenders: string[] = [];
  for (const top of ['apps', 'packages', 'bench', 'scripts']) {
    const files = await readdir(path.join(repoRoot, top), { recursive: true }).catch(() => []);
    for (const file of files) {
      if (!/\.tsx?$/.test(file) || /node_modules|generated|dist/.test(file)) continue;
      const relative = path.join(top, file);
      if (relative === 'packages/db/src/client.ts' || relative.endsWith('single-client.test.ts')) continue;
      const text = await readFile(path.join(repoRoot, relative), 'utf8');
      if (/new PrismaClient\s*\(/.test(text)) offenders.push(relative);
    }
  }
  expect(offenders).toEqual([]);
});
