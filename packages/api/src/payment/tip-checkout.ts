import type { z } from 'zod';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { coachNameOf } from '../format';
import { toCents } from './money';
import type { paymentIdInput } from './schemas';

/** An open checkout is reused while it has this long left; a fresh one is opened after. */
const REUSE_MARGIN_MS = 5 * 60_000;

/**
 * The Stripe Checkout page that pays the caller's own pending (or declined) tip, for exactly its
 * amount. Paying is what the page and Stripe do; the tip becomes completed only when Stripe's
 * signed webhook says so (`stripe-webhook.ts`). One open checkout per tip: it is reused until it
 * expires, and concurrent requests share one through Stripe's idempotency key.
 */
export async function checkoutTip(
  deps: Deps<'db' | 'payments' | 'settings' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof paymentIdInput>,
): Promise<{ url: string }> {
  const payment = await deps.db.payment.findUnique({
    where: { id: input.paymentId },
    select: {
      id: true,
      userId: true,
      coachId: true,
      sessionId: true,
      type: true,
      status: true,
      amount: true,
      currency: true,
      stripeCheckoutId: true,
      checkoutUrl: true,
      checkoutExpiresAt: true,
      user: { select: { email: true } },
      coach: { select: { displayName: true, coachName: true } },
      session: { select: { appointmentId: true } },
    },
  });
  // Someone else's tip is answered like a missing one: ids reveal nothing.
  if (!payment || payment.userId !== user.userId || payment.type !== 'tip' || !payment.coachId)
    throw new DomainError('NOT_FOUND', 'No tip of yours with that id.');
  if (!deps.payments)
    throw new DomainError('BAD_REQUEST', 'No payment provider is connected, so the tip stays recorded as a pledge.');
  if (payment.status === 'completed' || payment.status === 'refunded')
    throw new DomainError('CONFLICT', 'This tip is already paid.');

  const now = deps.now().getTime();
  if (payment.checkoutUrl && payment.checkoutExpiresAt && payment.checkoutExpiresAt.getTime() - now > REUSE_MARGIN_MS)
    return { url: payment.checkoutUrl };

  const back = payment.session
    ? `${deps.settings.publicUrl}/sessions/${payment.session.appointmentId}`
    : `${deps.settings.publicUrl}/settings`;
  const coachName = payment.coach ? coachNameOf(payment.coach) : 'your coach';
  const opened = await deps.payments.openTipCheckout({
    paymentId: payment.id,
    sessionId: payment.sessionId,
    coachId: payment.coachId,
    amountCents: toCents(payment.amount),
    currency: payment.currency.toLowerCase(),
    description: `Tip for ${coachName}`,
    customerEmail: payment.user.email,
    successUrl: `${back}?tip=paid`,
    cancelUrl: `${back}?tip=cancelled`,
    // Named after the checkout it replaces, so requests that saw the same state open the same one.
    idempotencyKey: `tip-checkout-${payment.id}-after-${payment.stripeCheckoutId ?? 'none'}`,
  });
  await deps.db.payment.update({
    where: { id: payment.id },
    data: { stripeCheckoutId: opened.id, checkoutUrl: opened.url, checkoutExpiresAt: opened.expiresAt },
  });
  return { url: opened.url };
}
