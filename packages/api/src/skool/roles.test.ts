import { describe, expect, test } from 'vitest';
import { determineUserRole, isMemberInGoodStanding, type MembershipFacts } from './roles';

const now = new Date('2030-01-10T00:00:00Z');
const later = new Date('2030-01-20T00:00:00Z');
const earlier = new Date('2030-01-01T00:00:00Z');
const none = new Set<string>();
const member = (facts: Partial<MembershipFacts>): MembershipFacts => ({
  email: 'm@example.com',
  ultraSubscriptionStatus: null,
  vagusSubscriptionStatus: null,
  membershipEndDate: null,
  adminGrantedAt: null,
  ...facts,
});

describe('determineUserRole (seed 000)', () => {
  test('active Ultra is a coach, even with Vagus too', () => {
    expect(
      determineUserRole(member({ ultraSubscriptionStatus: 'active', vagusSubscriptionStatus: 'active' }), none, now),
    ).toBe('coach');
  });
  test('cancelled Ultra stays a coach until the grace period ends', () => {
    expect(
      determineUserRole(member({ ultraSubscriptionStatus: 'cancelled', membershipEndDate: later }), none, now),
    ).toBe('coach');
    expect(
      determineUserRole(member({ ultraSubscriptionStatus: 'cancelled', membershipEndDate: earlier }), none, now),
    ).toBe('client');
    expect(determineUserRole(member({ ultraSubscriptionStatus: 'cancelled' }), none, now)).toBe('client');
  });
  test('active Vagus is a client; nothing at all is a client', () => {
    expect(determineUserRole(member({ vagusSubscriptionStatus: 'active' }), none, now)).toBe('client');
    expect(determineUserRole(member({}), none, now)).toBe('client');
    expect(determineUserRole(member({ ultraSubscriptionStatus: 'expired' }), none, now)).toBe('client');
  });
  test('ADMIN_EMAILS wins, whatever the case of the address', () => {
    expect(
      determineUserRole(
        member({ email: 'Boss@Example.com', ultraSubscriptionStatus: 'active' }),
        new Set(['boss@example.com']),
        now,
      ),
    ).toBe('admin');
  });
  test('an admin made by the setup link stays admin without ADMIN_EMAILS or a membership', () => {
    expect(determineUserRole(member({ adminGrantedAt: earlier }), none, now)).toBe('admin');
  });
});

describe('sign-in eligibility', () => {
  test('active or in grace may sign in; expired or past grace may not', () => {
    expect(isMemberInGoodStanding(member({ vagusSubscriptionStatus: 'active' }), now)).toBe(true);
    expect(
      isMemberInGoodStanding(member({ vagusSubscriptionStatus: 'cancelled', membershipEndDate: later }), now),
    ).toBe(true);
    expect(
      isMemberInGoodStanding(member({ vagusSubscriptionStatus: 'cancelled', membershipEndDate: earlier }), now),
    ).toBe(false);
    expect(isMemberInGoodStanding(member({ ultraSubscriptionStatus: 'expired' }), now)).toBe(false);
    expect(isMemberInGoodStanding(member({}), now)).toBe(false);
  });
});
