import { describe, expect, it } from 'vitest';
import { describeLogDetails } from './log-details';

const iso = (date: Date) => date.toISOString();

describe('describeLogDetails', () => {
  it('labels the counts and formats the share and the snapshot time', () => {
    const details = describeLogDetails(
      {
        created: 1,
        updated: 2,
        reactivatedMembers: 0,
        cancelShare: 0.125,
        takenAt: '2030-01-10T12:00:00.000Z',
        fileName: 'vagus.csv',
        actorId: 'admin-1',
        requestId: null,
      },
      iso,
      'admin-1',
    );
    expect(details.counts).toEqual([
      { label: 'Users created', value: '1' },
      { label: 'Users updated', value: '2' },
      { label: 'Reactivated', value: '0' },
    ]);
    expect(details.facts).toEqual([
      { label: 'Share of active members cancelled', value: expect.stringMatching(/12[.,]5\s?%/) },
      { label: 'Snapshot taken', value: '2030-01-10T12:00:00.000Z' },
      { label: 'File', value: 'vagus.csv' },
      { label: 'By', value: 'You' },
    ]);
  });

  it('lists skipped members with their reason and keeps unknown keys readable', () => {
    const details = describeLogDetails(
      {
        skippedSample: [{ email: 'a@example.com', reason: 'the email belongs to a deleted user' }],
        notCreated: [],
        someNewThing: { nested: true },
      },
      iso,
    );
    expect(details.lists).toEqual([
      { title: 'Skipped members (first 20)', items: ['a@example.com: the email belongs to a deleted user'] },
    ]);
    expect(details.facts).toEqual([{ label: 'Some new thing', value: '{"nested":true}' }]);
  });

  it('has nothing to say about missing details', () => {
    expect(describeLogDetails(null, iso)).toEqual({ counts: [], facts: [], lists: [] });
  });
});
