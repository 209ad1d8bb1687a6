import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { communityOfFile, csvFolderSource } from './folder-source';

const now = () => new Date('2030-01-10T12:00:00Z');

describe('csvFolderSource', () => {
  test('claims each CSV once, reads its community from the name and settles it aside', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-skool-csv-'));
    await writeFile(path.join(dir, 'ultra-2030-01-10.csv'), 'Email\ncoach@example.com\n');
    await writeFile(path.join(dir, 'vagus.csv'), 'Email,Status\nok@example.com,active\nbad,active\n');
    await writeFile(path.join(dir, 'members.csv'), 'Email\nx@example.com\n');
    await writeFile(path.join(dir, 'notes.txt'), 'not a CSV');

    const source = csvFolderSource(dir, { now });
    const observations = await source.read();
    expect(observations.map((o) => [o.origin, o.kind])).toEqual([
      ['members.csv', 'unreadable'],
      ['ultra-2030-01-10.csv', 'snapshot'],
      ['vagus.csv', 'unreadable'],
    ]);
    const [unnamed, ultra, vagus] = observations;
    expect(ultra?.kind === 'snapshot' && ultra.snapshot.members.map((m) => m.email)).toEqual(['coach@example.com']);
    expect(vagus?.kind === 'unreadable' && vagus.error).toContain('line 3');
    expect(unnamed?.kind === 'unreadable' && unnamed.error).toContain('ultra-');
    // Claimed: a second read (another worker) finds nothing.
    expect(await source.read()).toEqual([]);

    await ultra?.settle?.({ ok: true, message: 'applied' });
    if (vagus?.kind === 'unreadable') await vagus.settle?.({ ok: false, message: vagus.error });
    expect(await readdir(path.join(dir, 'done'))).toEqual([expect.stringMatching(/ultra-2030-01-10\.csv$/)]);
    const failed = await readdir(path.join(dir, 'failed'));
    expect(failed.sort()).toEqual([
      expect.stringMatching(/vagus\.csv$/),
      expect.stringMatching(/vagus\.csv\.error\.txt$/),
    ]);
    const errorFile = failed.find((f) => f.endsWith('.error.txt')) ?? '';
    expect(await readFile(path.join(dir, 'failed', errorFile), 'utf8')).toContain('line 3: invalid email "bad"');
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['notes.txt']));
  });

  test('knows a community by the start of the file name', () => {
    expect(communityOfFile('Ultra members.csv')).toBe('ultra');
    expect(communityOfFile('vagus-export.csv')).toBe('vagus');
    expect(communityOfFile('export.csv')).toBeNull();
  });
});
