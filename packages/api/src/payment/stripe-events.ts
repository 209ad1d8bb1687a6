import { z } from 'zod';
import { DomainError } from '../core/errors';
import type { VerifiedEvent } from './provider';

/** What a Stripe event asks of a payment, read from the parts of its object we use. */
export type PaymentChange =
  | { kind: 'paid'; paymentId: string; paymentIntentId: string }
  /** Checkout finished with a method that settles later (bank debits): paid or failed follows. */
  | { kind: 'awaiting'; paymentId: string; paymentIntentId: string | null }
  | { kind: 'failed'; paymentId: string; message: string | null }
  | { kind: 'refunded'; paymentIntentId: string; amountRefundedCents: number; fully: boolean }
  /** Not about one of our tips (another product on the account, an event type we do not use). */
  | { kind: 'ignored' };

const ours = z.object({ paymentId: z.string().min(1).max(64).optional() });

// The fields we read, as Stripe's API reference documents the objects; the rest is not ours to check.
const checkoutSession = z.object({
  id: z.string(),
  object: z.literal('checkout.session'),
  payment_intent: z.string().nullable(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  metadata: ours.nullable(),
});

const paymentIntent = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  metadata: ours.nullable(),
  last_payment_error: z.object({ message: z.string().nullish() }).nullable().optional(),
});

const charge = z.object({
  id: z.string(),
  object: z.literal('charge'),
  payment_intent: z.string().nullable(),
  amount_refunded: z.number().int().min(0),
  refunded: z.boolean(),
});

function parse<T extends z.ZodType>(schema: T, event: VerifiedEvent): z.infer<T> {
  const parsed = schema.safeParse(event.data?.object);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DomainError(
      'BAD_REQUEST',
      `invalid ${event.type} event: ${first ? `${first.path.join('.') || '(object)'}: ${first.message}` : 'unknown shape'}`,
    );
  }
  return parsed.data;
}

/**
 * The change an event asks for. Checkout's completion is payment only when Stripe says the
 * session is paid; a decline during checkout fails the tip (the payer may still retry on the
 * same page); a charge's refunds are reported as its running total.
 */
export function paymentChangeOf(event: VerifiedEvent): PaymentChange {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = parse(checkoutSession, event);
      const paymentId = session.metadata?.paymentId;
      if (!paymentId) return { kind: 'ignored' };
      if (session.payment_status === 'paid' && session.payment_intent)
        return { kind: 'paid', paymentId, paymentIntentId: session.payment_intent };
      return { kind: 'awaiting', paymentId, paymentIntentId: session.payment_intent };
    }
    case 'checkout.session.async_payment_failed': {
      const session = parse(checkoutSession, event);
      const paymentId = session.metadata?.paymentId;
      return paymentId ? { kind: 'failed', paymentId, message: null } : { kind: 'ignored' };
    }
    case 'payment_intent.payment_failed': {
      const intent = parse(paymentIntent, event);
      const paymentId = intent.metadata?.paymentId;
      return paymentId
        ? { kind: 'failed', paymentId, message: intent.last_payment_error?.message ?? null }
        : { kind: 'ignored' };
    }
    case 'charge.refunded': {
      const refunded = parse(charge, event);
      if (!refunded.payment_intent) return { kind: 'ignored' };
      return {
        kind: 'refunded',
        paymentIntentId: refunded.payment_intent,
        amountRefundedCents: refunded.amount_refunded,
        fully: refunded.refunded,
      };
    }
    default:
      return { kind: 'ignored' };
  }
}
