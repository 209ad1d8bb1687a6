import type { z } from 'zod';
import { recordAudit } from '../auth/audit';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import type { paymentIdInput } from './schemas';

/**
 * An admin asks Stripe to refund a paid tip in full. Nothing changes to the payment's status
 * here: Stripe's `charge.refunded` webhook does that, when the refund has really happened; the
 * request is remembered (`refundRequestedAt`) so the pages can say a refund is on its way.
 */
export async function refundTip(
  deps: Deps<'db' | 'payments' | 'now' | 'ip' | 'userAgent'>,
  admin: UserPrincipal,
  input: z.infer<typeof paymentIdInput>,
): Promise<{ paymentId: string; refundRequestedAt: Date; stripeStatus: string }> {
  const payment = await deps.db.payment.findUnique({
    where: { id: input.paymentId },
    select: { id: true, type: true, status: true, stripePaymentId: true, refundRequestedAt: true },
  });
  if (payment?.type !== 'tip') throw new DomainError('NOT_FOUND', 'No tip with that id.');
  if (!deps.payments) throw new DomainError('BAD_REQUEST', 'No payment provider is connected, so nothing was charged.');
  if (payment.status === 'refunded') throw new DomainError('CONFLICT', 'This tip is already refunded.');
  if (payment.status !== 'completed' || !payment.stripePaymentId)
    throw new DomainError('CONFLICT', 'Only a paid tip can be refunded; this one was never charged.');

  const refund = await deps.payments.refund({
    paymentIntentId: payment.stripePaymentId,
    paymentId: payment.id,
    // One refund per tip, however often the button is pressed.
    idempotencyKey: `tip-refund-${payment.id}`,
  });
  const refundRequestedAt = payment.refundRequestedAt ?? deps.now();
  await deps.db.payment.update({ where: { id: payment.id }, data: { refundRequestedAt } });
  await recordAudit(deps.db, {
    action: 'payment.refund_requested',
    actorId: admin.userId,
    targetId: payment.id,
    ip: deps.ip,
    userAgent: deps.userAgent,
    metadata: { stripeRefundId: refund.id, stripeStatus: refund.status },
  });
  return { paymentId: payment.id, refundRequestedAt, stripeStatus: refund.status };
}
