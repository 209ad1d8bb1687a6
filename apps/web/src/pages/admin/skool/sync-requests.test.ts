import { describe, expect, it } from 'vitest';
import type { SyncRequest } from './skool-types';
import { currentRequest, finishedSince } from './sync-requests';

const request = (over: Partial<SyncRequest>): SyncRequest => ({
  id: 'r1',
  community: 'ultra',
  status: 'pending',
  requestedById: 'admin',
  requestedAt: new Date('2030-01-10T12:00:00Z'),
  startedAt: null,
  finishedAt: null,
  attempts: 0,
  logId: null,
  error: null,
  ...over,
});

describe('currentRequest', () => {
  it('shows the newest listed request of the community', () => {
    const older = request({ id: 'a', status: 'done', requestedAt: new Date('2030-01-09T00:00:00Z') });
    const newer = request({ id: 'b', status: 'failed' });
    const other = request({ id: 'c', community: 'vagus', requestedAt: new Date('2030-01-11T00:00:00Z') });
    expect(currentRequest('ultra', [older, other, newer], null)?.id).toBe('b');
    expect(currentRequest('vagus', [older, newer], null)).toBeNull();
  });

  it('prefers the polled status of the open request the overview reported', () => {
    const open = request({ id: 'a', status: 'pending' });
    expect(currentRequest('ultra', [request({ id: 'a', status: 'running' })], open)?.status).toBe('running');
    expect(currentRequest('ultra', [], open)?.id).toBe('a');
  });

  it('takes a newer open request from the overview over an older finished one in the list', () => {
    const open = request({ id: 'new', requestedAt: new Date('2030-01-11T00:00:00Z') });
    expect(currentRequest('ultra', [request({ id: 'old', status: 'done' })], open)?.id).toBe('new');
  });
});

describe('finishedSince', () => {
  it('names the requests that were open and now are done or failed', () => {
    const list = [
      request({ id: 'a', status: 'done' }),
      request({ id: 'b', status: 'running' }),
      request({ id: 'c', status: 'failed' }),
    ];
    expect(finishedSince(new Set(['a', 'b']), list)).toEqual(['a']);
    expect(finishedSince(new Set(['c']), list)).toEqual(['c']);
  });
});
