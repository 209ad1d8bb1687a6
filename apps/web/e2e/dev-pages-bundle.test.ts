import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertBuilt, devToolsStaticDir, staticDir } from './app-server';
import { devPageMarkers } from './dev-pages';

function bundleText(dir: string): string {
  assertBuilt(dir, '`npm run build` in apps/web');
  const assets = `${dir}/assets`;
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(`${assets}/${name}`, 'utf8'))
    .join('\n');
}

describe('development pages in the built SPA', () => {
  it('leaves them out of the production build', () => {
    const text = bundleText(staticDir);
    expect(devPageMarkers.filter((marker) => text.includes(marker))).toEqual([]);
  });

  it('keeps them in the dev-tools build', () => {
    const text = bundleText(devToolsStaticDir);
    expect(devPageMarkers.filter((marker) => !text.includes(marker))).toEqual([]);
  });
});
