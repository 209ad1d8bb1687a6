import { exec, execFile, execFileSync, execSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@hybridcoach/config';
import { describe, expect, test } from 'vitest';

// The guard is this package's vitest set-up file (as every package's): these are real spawns.
const inAsync = async <T>(start: () => Promise<T>): Promise<T> => start();
const refused = /started "(espeak-ng|ls)", which npm ci does not install/;

describe('tests start only programs npm ci installs', () => {
  test('a program from the system is refused by name, whether or not the machine has it', async () => {
    expect(() => spawn('espeak-ng', ['--stdout', 'hello'])).toThrow(refused);
    await expect(inAsync(() => promisify(execFile)('espeak-ng', ['--stdout', 'hello']))).rejects.toThrow(refused);
    await expect(inAsync(() => promisify(exec)('ls -l /'))).rejects.toThrow(refused);
    expect(() => spawn('ls /', { shell: true })).toThrow(refused);
    expect(() => execSync('ls')).toThrow(refused);
    expect(() => execFileSync('ls')).toThrow(refused);
    expect(() => spawnSync('ls', ['/'])).toThrow(refused);
    expect(() => spawnSync('ls /', { shell: true })).toThrow(refused);
  });

  test('Node and the binaries inside node_modules run', async () => {
    const node = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write("ran")']);
    expect(node.stdout).toBe('ran');
    const esbuild = execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'esbuild'), ['--version'], {
      encoding: 'utf8',
    });
    expect(esbuild.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
