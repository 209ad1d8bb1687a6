import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { httpMembersSource, MembersEndpointError, membersUrl } from './http-source';
import { SkoolStandIn } from './test-support/skool-stand-in';

const stand = new SkoolStandIn('members-token');
const now = () => new Date('2030-01-10T12:00:00Z');
beforeAll(() => stand.start());
afterAll(() => stand.stop());

const endpoint = () => ({ url: `${stand.url}/members`, token: 'members-token' });

describe('httpMembersSource', () => {
  test('reads every page with the bearer token into one snapshot', async () => {
    stand.pageSize = 2;
    stand.setMembers('ultra', [
      { email: 'A@Example.com', name: 'Ann', joinedAt: '2029-05-01T00:00:00Z' },
      { email: 'b@example.com', status: 'cancelled', photoUrl: 'https://img.example.com/b.png' },
      { email: 'c@example.com' },
      { email: 'a@example.com', status: 'cancelled' },
    ]);
    const [observation] = await httpMembersSource(endpoint(), 'ultra', { now }).read();
    expect(observation?.kind).toBe('snapshot');
    if (observation?.kind !== 'snapshot') return;
    expect(observation.snapshot).toMatchObject({ community: 'ultra', takenAt: now(), duplicatesMerged: 1 });
    expect(observation.snapshot.members.map((m) => [m.email, m.status])).toEqual([
      ['a@example.com', 'active'],
      ['b@example.com', 'cancelled'],
      ['c@example.com', 'active'],
    ]);
    expect(observation.snapshot.members[0]?.joinedAt).toEqual(new Date('2029-05-01T00:00:00Z'));
    expect(
      stand.requests
        .filter((r) => r.path.startsWith('/members'))
        .every((r) => r.authorization === 'Bearer members-token'),
    ).toBe(true);
  });

  test('one invalid member makes the whole list unreadable, naming it', async () => {
    stand.pageSize = 100;
    stand.setMembers('vagus', [{ email: 'ok@example.com' }, { email: 'not-an-email' }]);
    const [observation] = await httpMembersSource(endpoint(), 'vagus', { now }).read();
    expect(observation).toMatchObject({ kind: 'unreadable', community: 'vagus' });
    expect(observation?.kind === 'unreadable' && observation.error).toContain('member 2');
  });

  test('a failing endpoint throws, so that the job is retried', async () => {
    stand.failNext(1, 503);
    await expect(httpMembersSource(endpoint(), 'ultra', { now }).read()).rejects.toThrow(MembersEndpointError);
    await expect(httpMembersSource({ ...endpoint(), token: 'wrong' }, 'ultra', { now }).read()).rejects.toThrow(
      /answered 401/,
    );
  });

  test('puts the community in the URL', () => {
    expect(membersUrl({ url: 'https://x.example/{community}/members', token: null }, 'vagus')).toBe(
      'https://x.example/vagus/members',
    );
    expect(membersUrl({ url: 'https://x.example/members?key=1', token: null }, 'ultra')).toBe(
      'https://x.example/members?key=1&community=ultra',
    );
  });
});
