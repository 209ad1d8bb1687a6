import { describe, expect, it } from 'vitest';
import { formatCents, tipCanBePaid, tipIsSettling, tipStateLabel } from './tip-state';

const tip = (status: 'pending' | 'completed' | 'failed' | 'refunded', extra = {}) => ({
  status,
  refundRequestedAt: null,
  checkoutOpen: false,
  ...extra,
});

describe('tip state', () => {
  it('formats cents as dollars, refunds as negative', () => {
    expect(formatCents(300)).toBe('$3.00');
    expect(formatCents(-500)).toBe('-$5.00');
  });

  it('names each state once, and a pledge differently when no provider is connected', () => {
    expect(tipStateLabel(tip('pending'))).toBe('Not paid yet');
    expect(tipStateLabel(tip('pending'), false)).toBe('Pending');
    expect(tipStateLabel(tip('completed'))).toBe('Paid');
    expect(tipStateLabel(tip('completed', { refundRequestedAt: new Date() }))).toBe('Refund on its way');
    expect(tipStateLabel(tip('refunded'))).toBe('Refunded');
    expect(tipStateLabel(tip('failed'))).toBe('Payment failed');
  });

  it('keeps asking only while Stripe may still change the answer', () => {
    expect(tipIsSettling(tip('pending', { checkoutOpen: true }))).toBe(true);
    expect(tipIsSettling(tip('completed', { refundRequestedAt: new Date() }))).toBe(true);
    expect(tipIsSettling(tip('pending'))).toBe(false);
    expect(tipIsSettling(tip('completed'))).toBe(false);
    expect(tipIsSettling(tip('refunded', { refundRequestedAt: new Date() }))).toBe(false);
  });

  it('lets a pledge or a declined tip be paid, never a charged one', () => {
    expect(['pending', 'failed', 'completed', 'refunded'].map((s) => tipCanBePaid(tip(s as 'pending')))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
