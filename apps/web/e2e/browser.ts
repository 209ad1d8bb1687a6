import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';

/**
 * The Chromium that `@sparticuz/chromium` ships brotli-compressed inside its npm package, so
 * `npm ci` is all a machine needs (never `playwright install`: these machines cannot download
 * browser builds). Unpacked once per version into `node_modules/.cache`; not through the
 * package's own `executablePath()`, which writes to a fixed `/tmp/chromium` that concurrent test
 * files (and other checkouts on the machine) would race on.
 */
async function packagedChromium(): Promise<string> {
  const packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = path.resolve(packageDir, '..', '..', '.cache', `sparticuz-chromium-${version}`);
  const executable = path.join(dir, 'chromium');
  if (existsSync(executable)) return executable;
  await mkdir(dir, { recursive: true });
  // Unpack beside it and rename: a second test file never sees a half-written binary.
  const partial = `${executable}.${process.pid}.partial`;
  try {
    await pipeline(
      createReadStream(path.join(packageDir, 'bin', 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    await rename(partial, executable);
  } finally {
    await rm(partial, { force: true });
  }
  return executable;
}

/**
 * A camera and microphone without hardware: Chromium's fake devices (a moving test pattern and a
 * beep, or a WAV file of one's own) and no permission prompt.
 */
export function fakeMediaArgs(audioFile?: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    ...(audioFile ? [`--use-file-for-fake-audio-capture=${audioFile}`] : []),
  ];
}

/** Headless Chromium driven by playwright-core; `CHROMIUM_PATH` picks another build. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || (await packagedChromium()),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** A current mid-size phone, where a room must keep its chat in view (rooms' journeys only). */
export const phone390 = { width: 390, height: 844 } as const;

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} as const;
