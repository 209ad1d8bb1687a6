/**
 * The narrow door to the payment provider: the three things the product asks of Stripe. Its one
 * implementation is `stripe-provider.ts` (the official SDK); tests run it against the stand-in in
 * `test-support/`. Null in the context when STRIPE_SECRET_KEY is unset: tips stay pledges.
 */
export interface PaymentProvider {
  /** A hosted checkout page charging exactly `amountCents` once. */
  openTipCheckout(request: TipCheckoutRequest): Promise<OpenedCheckout>;
  /** Asks for a full refund of a charged payment; the webhook reports when it happened. */
  refund(request: RefundRequest): Promise<{ id: string; status: string }>;
  /**
   * The event in a webhook delivery whose `Stripe-Signature` is valid for the raw body and no
   * older than the tolerance; a DomainError UNAUTHORIZED (forged, stale, unsigned) otherwise.
   */
  verifyWebhook(rawBody: string, signature: string | undefined, now: Date): VerifiedEvent;
}

export interface TipCheckoutRequest {
  paymentId: string;
  /** The meeting record and coach the tip is for: kept on Stripe's side as metadata. */
  sessionId: string | null;
  coachId: string;
  amountCents: number;
  /** ISO 4217, lower case as Stripe writes it. */
  currency: string;
  description: string;
  customerEmail: string;
  successUrl: string;
  cancelUrl: string;
  /** Two requests with the same key get the same checkout (a double click opens one). */
  idempotencyKey: string;
}

export interface OpenedCheckout {
  id: string;
  url: string;
  expiresAt: Date;
}

export interface RefundRequest {
  paymentIntentId: string;
  paymentId: string;
  idempotencyKey: string;
}

/** A verified event as Stripe sends it; its `data.object` is read by `stripe-events.ts`. */
export interface VerifiedEvent {
  id: string;
  type: string;
  created: number;
  data: { object: unknown };
}
