import type { Db, Prisma } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { hostileInputProblems } from '../core/hostile-input';
import { centsToAmount } from './money';
import { sendPaymentEmail } from './receipts';
import { type PaymentChange, paymentChangeOf } from './stripe-events';

export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';

export type WebhookOutcome = 'applied' | 'unchanged' | 'ignored' | 'unmatched' | 'duplicate';

interface Applied {
  outcome: Exclude<WebhookOutcome, 'duplicate'>;
  paymentId: string | null;
  /** The email this change owes the payer, sent once the transaction has committed. */
  email: 'receipt' | 'refund' | null;
}

/**
 * Everything POST /webhooks/stripe does, minus HTTP: a forged, stale or unsigned delivery is
 * refused (UNAUTHORIZED) and a malformed one (BAD_REQUEST), each changing nothing. A verified
 * event is recorded by its id and applied in the same transaction, so a redelivery or a replay
 * is answered `duplicate` and changes nothing. Stripe retries anything but a 2xx, so events that
 * are not about our tips are recorded and answered too.
 */
export async function receiveStripeWebhook(
  deps: Deps<'db' | 'logger' | 'mailer' | 'settings' | 'payments' | 'now'>,
  delivery: { rawBody: string; signature: string | undefined },
): Promise<{ eventId: string; outcome: WebhookOutcome }> {
  if (!deps.payments) throw new DomainError('NOT_FOUND', 'Stripe is not configured');
  const event = deps.payments.verifyWebhook(delivery.rawBody, delivery.signature, deps.now());
  const change = paymentChangeOf(event);
  // Signed by Stripe, but still nothing the database would refuse.
  if (hostileInputProblems({ id: event.id, type: event.type, change }))
    throw new DomainError('BAD_REQUEST', 'invalid event: it holds text the database cannot store');
  const occurredAt = new Date(event.created * 1000);

  const applied = await deps.db.$transaction(async (tx): Promise<Applied | null> => {
    const recorded = await tx.stripeWebhookEvent.createMany({
      data: [{ id: event.id, type: event.type, outcome: 'applying', occurredAt }],
      skipDuplicates: true,
    });
    if (recorded.count === 0) return null;
    const result = await applyChange(tx, change, occurredAt);
    await tx.stripeWebhookEvent.update({
      where: { id: event.id },
      data: { outcome: result.outcome, paymentId: result.paymentId },
    });
    return result;
  });

  const outcome = applied?.outcome ?? 'duplicate';
  deps.logger.info({ eventId: event.id, type: event.type, outcome, paymentId: applied?.paymentId }, 'Stripe webhook');
  if (applied?.email && applied.paymentId) await sendPaymentEmail(deps, applied.paymentId, applied.email);
  return { eventId: event.id, outcome };
}

/**
 * Moves the payment forward only (pending → failed → completed → refunded): Stripe does not
 * promise the order of its events, so a late decline never undoes a payment, nor a late
 * completion a refund.
 */
async function applyChange(tx: Prisma.TransactionClient, change: PaymentChange, at: Date): Promise<Applied> {
  const none = (outcome: Applied['outcome'], paymentId: string | null = null): Applied => ({
    outcome,
    paymentId,
    email: null,
  });
  switch (change.kind) {
    case 'ignored':
      return none('ignored');
    case 'paid': {
      if (!(await exists(tx, change.paymentId))) return none('unmatched');
      const { count } = await tx.payment.updateMany({
        where: { id: change.paymentId, status: { in: ['pending', 'failed'] } },
        data: { status: 'completed', paidAt: at, stripePaymentId: change.paymentIntentId, failureMessage: null },
      });
      return count
        ? { outcome: 'applied', paymentId: change.paymentId, email: 'receipt' }
        : none('unchanged', change.paymentId);
    }
    case 'awaiting': {
      if (!(await exists(tx, change.paymentId))) return none('unmatched');
      const { count } = await tx.payment.updateMany({
        where: { id: change.paymentId, status: 'pending', stripePaymentId: null },
        data: { stripePaymentId: change.paymentIntentId },
      });
      return none(count ? 'applied' : 'unchanged', change.paymentId);
    }
    case 'failed': {
      if (!(await exists(tx, change.paymentId))) return none('unmatched');
      const { count } = await tx.payment.updateMany({
        where: { id: change.paymentId, status: 'pending' },
        data: { status: 'failed', failedAt: at, failureMessage: change.message?.slice(0, 500) ?? null },
      });
      return none(count ? 'applied' : 'unchanged', change.paymentId);
    }
    case 'refunded': {
      const payment = await tx.payment.findUnique({
        where: { stripePaymentId: change.paymentIntentId },
        select: { id: true, amount: true },
      });
      if (!payment) return none('unmatched');
      const refunded = centsToAmount(change.amountRefundedCents);
      // Refunds only add up: an older charge.refunded carrying a smaller total changes nothing.
      const { count } = await tx.payment.updateMany({
        where: { id: payment.id, status: { in: ['completed', 'refunded'] }, amountRefunded: { lt: refunded } },
        data: {
          amountRefunded: refunded,
          refundedAt: at,
          ...(change.fully ? { status: 'refunded' as const } : {}),
        },
      });
      if (!count) return none('unchanged', payment.id);
      return { outcome: 'applied', paymentId: payment.id, email: change.fully ? 'refund' : null };
    }
  }
}

async function exists(db: Db | Prisma.TransactionClient, paymentId: string): Promise<boolean> {
  return (await db.payment.count({ where: { id: paymentId } })) > 0;
}
