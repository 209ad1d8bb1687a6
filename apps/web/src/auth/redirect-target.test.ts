import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect-target';

describe('safeRedirectTarget', () => {
  it('follows paths of this site, with their query and hash', () => {
    expect(safeRedirectTarget('/settings')).toBe('/settings');
    expect(safeRedirectTarget('/clients/abc/context?tab=notes#facts')).toBe('/clients/abc/context?tab=notes#facts');
  });

  it('falls back to the dashboard for nothing, other sites and the sign-in page itself', () => {
    for (const target of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/sign-in?step=code',
    ]) {
      expect(safeRedirectTarget(target)).toBe('/dashboard');
    }
  });
});
