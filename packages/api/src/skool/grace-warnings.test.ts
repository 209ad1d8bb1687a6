import { expect, test } from 'vitest';
import { warningText } from './grace-warnings';

test('a membership warning names the end in the member’s zone and locale', () => {
  const member = {
    id: 'u1',
    email: 'coach@ultra.example',
    displayName: 'Tomás Rivera',
    timezone: 'America/Chicago',
    membershipEndDate: new Date('2027-01-04T18:00:00Z'),
    ultraSubscriptionStatus: 'cancelled' as const,
    vagusSubscriptionStatus: 'active' as const,
  };
  expect(warningText(member, 'en-US', new Date('2026-12-30T12:00:00Z'))).toBe(
    'Your Ultra membership was cancelled. Your coach access to HybridCoach ends on Mon, Jan 4, 2027 · 12:00 PM CST.',
  );
  expect(warningText({ ...member, timezone: 'Europe/London' }, 'en-GB', new Date('2027-01-01T12:00:00Z'))).toBe(
    'Your Ultra membership was cancelled. Your coach access to HybridCoach ends on Mon 4 Jan · 18:00 GMT.',
  );
});
