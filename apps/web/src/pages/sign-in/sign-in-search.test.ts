import { describe, expect, it } from 'vitest';
import { googleErrorMessage } from './google-errors';
import { parseSignInSearch } from './sign-in-search';

describe('sign-in page query string', () => {
  it('reads the code step, the email and where to go afterwards', () => {
    expect(parseSignInSearch({ step: 'code', email: 'a@b.example', redirect: '/settings' })).toEqual({
      step: 'code',
      email: 'a@b.example',
      redirect: '/settings',
      error: undefined,
    });
  });

  it('ignores unknown steps and keeps values the router parsed as numbers as text', () => {
    expect(parseSignInSearch({ step: 'other', email: 123 })).toMatchObject({ step: undefined, email: '123' });
  });

  it('explains every error the Google callback can send, and anything else generically', () => {
    for (const code of [
      'not_a_member',
      'unverified_email',
      'google_state',
      'google_exchange',
      'google_not_configured',
    ]) {
      expect(googleErrorMessage(code)).not.toMatch(/did not work\. Please try again\.$/);
    }
    expect(googleErrorMessage('???')).toBe('Signing in did not work. Please try again.');
  });
});
