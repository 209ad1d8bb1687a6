import Stripe from 'stripe';
import { DomainError } from '../core/errors';
import type { StripeSettings } from '../core/settings';
import type { PaymentProvider, VerifiedEvent } from './provider';

/** Stripe's own default: a signed delivery older than five minutes is refused. */
const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The SDK's connection settings for another API base (the stand-in); Stripe's own when null. */
function connection(apiUrl: string | null): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/** The payment provider on Stripe's official SDK: one client per process, made here. */
export function createStripeProvider(settings: StripeSettings): PaymentProvider {
  const stripe = new Stripe(settings.secretKey, {
    ...connection(settings.apiUrl),
    // Requests carry idempotency keys, so the SDK's retries never charge or refund twice.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'HybridCoach' },
  });

  return {
    async openTipCheckout(request) {
      const metadata = {
        paymentId: request.paymentId,
        sessionId: request.sessionId ?? '',
        coachId: request.coachId,
      };
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency,
                unit_amount: request.amountCents,
                product_data: { name: request.description },
              },
            },
          ],
          customer_email: request.customerEmail,
          client_reference_id: request.paymentId,
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          metadata,
          // On the PaymentIntent too, so that its failure events name the payment.
          payment_intent_data: { metadata, description: request.description },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      if (!session.url) throw new Error(`Stripe returned checkout ${session.id} without a URL`);
      return { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    },

    async refund(request) {
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: request.paymentIntentId, metadata: { paymentId: request.paymentId } },
          { idempotencyKey: request.idempotencyKey },
        );
        return { id: refund.id, status: refund.status ?? 'pending' };
      } catch (err) {
        if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'charge_already_refunded') {
          throw new DomainError('CONFLICT', 'Stripe says this payment is already refunded.', { cause: err });
        }
        throw err;
      }
    },

    verifyWebhook(rawBody, signature, now): VerifiedEvent {
      if (!signature) throw new DomainError('UNAUTHORIZED', 'missing signature');
      try {
        return stripe.webhooks.constructEvent(
          rawBody,
          signature,
          settings.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          undefined,
          now.getTime(),
        );
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
          const stale = /tolerance/i.test(err.message);
          throw new DomainError('UNAUTHORIZED', stale ? 'stale timestamp' : 'invalid signature', { cause: err });
        }
        // A valid signature over a body that is not JSON.
        if (err instanceof SyntaxError) throw new DomainError('BAD_REQUEST', 'the body is not JSON', { cause: err });
        throw err;
      }
    },
  };
}
