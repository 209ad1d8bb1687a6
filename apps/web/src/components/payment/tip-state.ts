import type { RouterOutputs } from '../../lib/api-types';
import type { BadgeTone } from '../ui/Badge';

export type Tip = RouterOutputs['payment']['myTips']['items'][number];
type TipFacts = Pick<Tip, 'status' | 'refundRequestedAt' | 'checkoutOpen'>;

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "$3.00"; negative amounts (a month of refunds) as "-$5.00". */
export function formatCents(cents: number): string {
  return money.format(cents / 100);
}

/** The one word for a tip's state, the same on every page. */
export function tipStateLabel(tip: TipFacts, providerConnected = true): string {
  switch (tip.status) {
    case 'completed':
      return tip.refundRequestedAt ? 'Refund on its way' : 'Paid';
    case 'refunded':
      return 'Refunded';
    case 'failed':
      return 'Payment failed';
    default:
      return providerConnected ? 'Not paid yet' : 'Pending';
  }
}

export const tipStateTone: Record<Tip['status'], BadgeTone> = {
  pending: 'warning',
  completed: 'success',
  failed: 'danger',
  refunded: 'neutral',
};

/**
 * Whether a page showing this tip should keep asking: Stripe's webhook is what changes it, so
 * while a payment or a refund is under way the answer can change any second.
 */
export function tipIsSettling(tip: TipFacts): boolean {
  return (tip.status === 'pending' && tip.checkoutOpen) || (tip.status === 'completed' && !!tip.refundRequestedAt);
}

/** Someone who pledged may pay (again) while nothing has been charged. */
export function tipCanBePaid(tip: TipFacts): boolean {
  return tip.status === 'pending' || tip.status === 'failed';
}
