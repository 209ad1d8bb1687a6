import { describe, expect, test } from 'vitest';
import { parseUsersSearch } from './users-search';

describe('the users page address', () => {
  test('keeps a search, a known role and status, and a page past the first', () => {
    expect(parseUsersSearch({ q: 'maya', role: 'coach', status: 'all', page: 3 })).toEqual({
      q: 'maya',
      role: 'coach',
      status: 'all',
      page: 3,
    });
  });

  test('drops what it does not know, an empty search and the first page', () => {
    expect(parseUsersSearch({ q: '  ', role: 'owner', status: 'gone', page: 1 })).toEqual({
      q: undefined,
      role: undefined,
      status: undefined,
      page: undefined,
    });
    expect(parseUsersSearch({ q: 42, page: 2.5 })).toEqual({
      q: '42',
      role: undefined,
      status: undefined,
      page: undefined,
    });
  });
});
