import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { checkDrift } from '../drift';
import { schemaPath } from '../prisma-cli';

describe('db:check drift audit', () => {
  const tmp = mkdtemp(path.join(os.tmpdir(), 'hc-drift-'));
  afterAll(async () => rm(await tmp, { recursive: true, force: true }));

  test('passes when the migrations build exactly what schema.prisma describes', async () => {
    const { adminUrl } = inject('hcTestDatabase');
    expect(await checkDrift({ adminUrl })).toEqual([]);
  });

  test('fails after a schema change that has no migration', async () => {
    const { adminUrl } = inject('hcTestDatabase');
    const changed = (await readFile(schemaPath, 'utf8')).replace(
      'model Notification {\n',
      'model Notification {\n  priority Int @default(0)\n',
    );
    const changedPath = path.join(await tmp, 'schema.prisma');
    await writeFile(changedPath, changed);
    const problems = await checkDrift({ adminUrl, schemaPath: changedPath });
    expect(problems).toContain(
      'column in schema.prisma but not in migrations: Notification.priority integer NOT NULL DEFAULT 0',
    );
  });
});
