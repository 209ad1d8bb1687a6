// `npm ci` refuses a lockfile that lacks an entry for any optional dependency, including the
// other platforms' native binaries (biome, turbo). This machine's registry serves only the
// Linux ones, so a lockfile regenerated here silently drops the rest and CI fails in 3 s.
// `tsx scripts/lockfile-platforms.ts` checks (run by lint); `--write` adds the missing
// entries, with os/cpu/libc read off the package name so npm skips them on other machines.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface LockPackage {
  version?: string;
  license?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}
interface Lockfile {
  packages: Record<string, LockPackage>;
}

const OS: Record<string, string> = { windows: 'win32' };
const CPU: Record<string, string> = { '64': 'x64', arm: 'arm' };
const LIBC: Record<string, string> = { gnu: 'glibc', musl: 'musl' };

/** `@biomejs/cli-linux-arm64-musl` → os linux, cpu arm64, libc musl; undefined when not a platform name. */
function platformOf(name: string): Pick<LockPackage, 'os' | 'cpu' | 'libc'> | undefined {
  if (name.endsWith('-wasm32-wasi')) return { cpu: ['wasm32'] };
  const match =
    /[-/](android|darwin|freebsd|linux|win32|windows)-(arm64|x64|64|arm)(?:-(gnu|musl|msvc|gnueabihf))?$/.exec(name);
  if (!match) return undefined;
  const [, os = '', cpu = '', abi = ''] = match;
  const libc = LIBC[abi];
  return { os: [OS[os] ?? os], cpu: [CPU[cpu] ?? cpu], ...(libc ? { libc: [libc] } : {}) };
}

/** Node's lookup: `<dir>/node_modules/<name>` from the package's own folder up to the root. */
function resolves(lock: Lockfile, from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (lock.packages[dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`]) return true;
    if (!dir) return false;
    const up = dir.lastIndexOf('node_modules/');
    dir = up <= 0 ? '' : dir.slice(0, up - 1);
  }
}

/** Optional dependencies (of packages installed at the top level) that have no lockfile entry. */
function missingOptional(lock: Lockfile): { parent: string; name: string; version: string }[] {
  const missing: { parent: string; name: string; version: string }[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
      if (!resolves(lock, path, name)) missing.push({ parent: path, name, version });
    }
  }
  return missing;
}

function addMissing(lock: Lockfile): string[] {
  const added: string[] = [];
  for (const { parent, name, version } of missingOptional(lock)) {
    const platform = platformOf(name);
    if (!platform)
      throw new Error(
        `${name} (optional dependency of ${parent || 'the root'}) is missing from the lockfile and is not a platform binary: run npm install`,
      );
    const parentPkg = lock.packages[parent];
    lock.packages[`node_modules/${name}`] = {
      version,
      ...platform,
      ...(parentPkg?.dev ? { dev: true } : {}),
      ...(parentPkg?.license ? { license: parentPkg.license } : {}),
      optional: true,
    };
    added.push(`${name}@${version}`);
  }
  // npm writes packages sorted by path, the root ("") first.
  const sorted = Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en')));
  lock.packages = Object.fromEntries(sorted.map((key) => [key, lock.packages[key] as LockPackage]));
  return added;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL('../package-lock.json', import.meta.url));
  const lock = JSON.parse(readFileSync(file, 'utf8')) as Lockfile;
  if (process.argv.includes('--write')) {
    const added = addMissing(lock);
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
    console.log(added.length ? `added ${added.join(', ')}` : 'lockfile complete');
  } else {
    const missing = missingOptional(lock);
    if (missing.length) {
      console.error(
        `package-lock.json lacks ${missing.length} optional dependencies (npm ci will refuse it): ${missing.map((m) => m.name).join(', ')}\nrun: npx tsx scripts/lockfile-platforms.ts --write`,
      );
      process.exit(1);
    }
  }
}
