import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@hybridcoach/config';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { startEmbeddedPostgres } from '../embedded';

const logger = createLogger('embedded-test', 'silent');
const root = await mkdtemp(path.join(os.tmpdir(), 'hc-embedded-test-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('embedded PostgreSQL launcher', () => {
  test('keeps data across a stop and a start', async () => {
    const dataDir = path.join(root, 'kept');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, logger, ephemeral: true });
    const c1 = new pg.Client({ connectionString: first.url() });
    await c1.connect();
    await c1.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await c1.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, port, logger, ephemeral: true });
    const c2 = new pg.Client({ connectionString: second.url() });
    await c2.connect();
    const { rows } = await c2.query('SELECT v FROM kept');
    await c2.end();
    await second.stop();
    expect(rows).toEqual([{ v: 'still here' }]);
  });

  test('says which port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(root, 'busy'), port, logger })).rejects.toThrow(
        `Port ${port} is taken`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  test('refuses a data directory that is a file, or holds something else', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'not a directory');
    await expect(startEmbeddedPostgres({ dataDir: file, port: await freePort(), logger })).rejects.toThrow(
      'is not a directory',
    );
    const other = path.join(root, 'other');
    await mkdir(other);
    await writeFile(path.join(other, 'notes.txt'), 'mine');
    await expect(startEmbeddedPostgres({ dataDir: other, port: await freePort(), logger })).rejects.toThrow(
      'is not a PostgreSQL data directory',
    );
  });
});
