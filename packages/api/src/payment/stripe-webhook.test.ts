import { createLogger, loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { UserPrincipal } from '../core/principal';
import { type AppSettings, settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { rateSession } from '../session/rating';
import type { PaymentProvider } from './provider';
import { refundTip } from './refund';
import { createStripeProvider } from './stripe-provider';
import { receiveStripeWebhook } from './stripe-webhook';
import { DECLINED_CARD, type Delivery, StripeStandIn } from './test-support/stripe-stand-in';
import { checkoutTip } from './tip-checkout';
import { myTips, tipsReceived } from './tip-views';

const t = useTestDatabase();
const logger = createLogger('stripe-webhook-test', 'silent');
const mailbox = new DevMailbox(logger);
const webhookSecret = 'whsec_standInSigningSecret';
const apiKey = 'sk_test_standInKey';
let standIn: StripeStandIn;
let settings: AppSettings;
let payments: PaymentProvider;

beforeAll(async () => {
  standIn = await StripeStandIn.start({ apiKey, webhookSecret });
  settings = settingsFromEnv(
    loadEnv({ STRIPE_SECRET_KEY: apiKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: standIn.url }),
  );
  if (!settings.stripe) throw new Error('Stripe settings expected');
  payments = createStripeProvider(settings.stripe);
});
afterAll(() => standIn.close());

const deps = () => ({ db: t.db, logger, mailer: mailbox, settings, payments, now: () => new Date() });
const principal = (user: { id: string }, role: UserPrincipal['role']): UserPrincipal => ({
  kind: 'user',
  userId: user.id,
  role,
  userSessionId: `s-${user.id}`,
});

/** A client who rated a finished session with a tip, and the pending payment rating made. */
async function ratedWithTip(tip: 1 | 3 | 5 = 3) {
  const done = await t.given.completedSession();
  const client = principal(done.client, 'client');
  const rated = await rateSession(t.db, client, { appointmentId: done.appointment.id, rating: 5, tip });
  const paymentId = rated.payment?.id;
  if (!paymentId) throw new Error('a tip makes a payment');
  return { ...done, clientPrincipal: client, paymentId };
}

async function openCheckout(client: UserPrincipal, paymentId: string): Promise<string> {
  const { url } = await checkoutTip(deps(), client, { paymentId });
  const checkoutId = url.split('/').at(-1);
  if (!checkoutId) throw new Error(`no checkout id in ${url}`);
  return checkoutId;
}

/** The stand-in's webhook events about one payment, newest last. */
function eventsAbout(paymentId: string, type: string): Delivery[] {
  return standIn.deliveriesOf(type).filter((d) => {
    const object = d.event.data.object as { metadata?: { paymentId?: string } };
    return object.metadata?.paymentId === paymentId;
  });
}

function only(deliveries: Delivery[]): Delivery {
  expect(deliveries).toHaveLength(1);
  return deliveries[0] as Delivery;
}

const receive = (delivery: Pick<Delivery, 'payload' | 'signature'>) =>
  receiveStripeWebhook(deps(), { rawBody: delivery.payload, signature: delivery.signature });

const paymentRow = (id: string) => t.db.payment.findUniqueOrThrow({ where: { id } });
const mailTo = (email: string) => mailbox.list().filter((m) => m.to === email);

describe('a tip paid through Stripe Checkout', () => {
  test('asks Stripe for exactly the tip, and becomes completed only when the signed webhook says so', async () => {
    const { clientPrincipal, paymentId, client, coach, session } = await ratedWithTip(3);
    const checkoutId = await openCheckout(clientPrincipal, paymentId);

    const request = standIn.requests.find(
      (r) => r.path === '/v1/checkout/sessions' && r.params.client_reference_id === paymentId,
    );
    expect(request?.params).toMatchObject({
      mode: 'payment',
      customer_email: client.email,
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '300' } }],
      metadata: { paymentId, sessionId: session.id, coachId: coach.id },
      payment_intent_data: { metadata: { paymentId, sessionId: session.id, coachId: coach.id } },
    });
    expect(request?.idempotencyKey).toBe(`tip-checkout-${paymentId}-after-none`);
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'pending', stripeCheckoutId: checkoutId });

    // The payer pays on Stripe's page; until the webhook arrives nothing changes here.
    await standIn.pay(checkoutId);
    expect((await paymentRow(paymentId)).status).toBe('pending');

    const completed = only(eventsAbout(paymentId, 'checkout.session.completed'));
    expect(await receive(completed)).toEqual({ eventId: completed.event.id, outcome: 'applied' });
    const paid = await paymentRow(paymentId);
    expect(paid).toMatchObject({ status: 'completed', failureMessage: null });
    expect(paid.stripePaymentId).toMatch(/^pi_/);
    expect(paid.paidAt).toEqual(new Date(completed.event.created * 1000));

    const receipts = mailTo(client.email);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.subject).toBe(`Receipt for your tip to ${coach.displayName}`);
    expect(receipts[0]?.text).toContain('Amount: $3.00 USD');
    expect(receipts[0]?.text).toContain(`Receipt number: ${paymentId}`);
  });

  test('a second request for the checkout reuses the open one instead of opening another', async () => {
    const { clientPrincipal, paymentId } = await ratedWithTip(1);
    const first = await openCheckout(clientPrincipal, paymentId);
    const again = await openCheckout(clientPrincipal, paymentId);
    expect(again).toBe(first);
    expect(standIn.requests.filter((r) => r.params.client_reference_id === paymentId)).toHaveLength(1);
  });

  test('a declined card fails the tip for both views; paying again on the same page completes it', async () => {
    const { clientPrincipal, paymentId, coach } = await ratedWithTip(5);
    const checkoutId = await openCheckout(clientPrincipal, paymentId);
    expect(await standIn.pay(checkoutId, DECLINED_CARD)).toEqual({ paid: false, redirect: null });
    const declined = only(eventsAbout(paymentId, 'payment_intent.payment_failed'));
    expect((await receive(declined)).outcome).toBe('applied');
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'failed', failureMessage: 'Your card was declined.' });

    const clientView = (await myTips(deps(), clientPrincipal, { limit: 20 })).items.find((i) => i.id === paymentId);
    expect(clientView).toMatchObject({
      status: 'failed',
      failureMessage: 'Your card was declined.',
      checkoutOpen: true,
    });
    const coachView = await tipsReceived(deps(), principal(coach, 'coach'), {});
    expect(coachView.tips.map((tip) => [tip.id, tip.status])).toEqual([[paymentId, 'failed']]);

    // The open checkout is offered again, and a good card pays.
    expect(await openCheckout(clientPrincipal, paymentId)).toBe(checkoutId);
    await standIn.pay(checkoutId);
    expect((await receive(only(eventsAbout(paymentId, 'checkout.session.completed')))).outcome).toBe('applied');
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'completed', failureMessage: null });

    // Stripe does not promise order: the decline delivered again, late, undoes nothing.
    expect((await receive(await standIn.redeliver(declined.event.id))).outcome).toBe('duplicate');
    expect((await paymentRow(paymentId)).status).toBe('completed');
  });
});

describe('deliveries that must change nothing', () => {
  test('a forged, altered, stale or unsigned delivery is refused and leaves no trace', async () => {
    const { clientPrincipal, paymentId, client } = await ratedWithTip(3);
    const checkoutId = await openCheckout(clientPrincipal, paymentId);
    await standIn.pay(checkoutId);
    const real = only(eventsAbout(paymentId, 'checkout.session.completed'));
    const seconds = Math.floor(Date.now() / 1000);

    const forged = {
      payload: real.payload,
      signature: standIn.signatureHeader(real.payload, { secret: 'whsec_guess' }),
    };
    await expect(receive(forged)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid signature' });
    const altered = { payload: real.payload.replace(paymentId, 'someone-else'), signature: real.signature };
    await expect(receive(altered)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid signature' });
    const stale = {
      payload: real.payload,
      signature: standIn.signatureHeader(real.payload, { timestamp: seconds - 301 }),
    };
    await expect(receive(stale)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'stale timestamp' });
    await expect(receiveStripeWebhook(deps(), { rawBody: real.payload, signature: undefined })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'missing signature',
    });

    expect((await paymentRow(paymentId)).status).toBe('pending');
    expect(await t.db.stripeWebhookEvent.count({ where: { id: real.event.id } })).toBe(0);
    expect(mailTo(client.email)).toHaveLength(0);
  });

  test('a replayed event is answered as a duplicate and does not undo a later refund or send a second receipt', async () => {
    const { clientPrincipal, paymentId, client } = await ratedWithTip(3);
    const checkoutId = await openCheckout(clientPrincipal, paymentId);
    await standIn.pay(checkoutId);
    const completed = only(eventsAbout(paymentId, 'checkout.session.completed'));
    expect((await receive(completed)).outcome).toBe('applied');
    await refundTip({ ...deps(), ip: null, userAgent: null }, principal(await t.given.admin(), 'admin'), {
      paymentId,
    });
    await standIn.settled();
    const { stripePaymentId } = await paymentRow(paymentId);
    const refunded = only(
      standIn
        .deliveriesOf('charge.refunded')
        .filter((d) => (d.event.data.object as { payment_intent?: string }).payment_intent === stripePaymentId),
    );
    expect((await receive(refunded)).outcome).toBe('applied');

    // The very delivery again (an attacker's replay within the tolerance), then Stripe's own resend.
    expect(await receive(completed)).toEqual({ eventId: completed.event.id, outcome: 'duplicate' });
    expect((await receive(await standIn.redeliver(completed.event.id))).outcome).toBe('duplicate');
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'refunded' });
    expect(mailTo(client.email).map((m) => m.subject.split(' ')[0])).toEqual(['Your', 'Receipt']);
    expect(await t.db.stripeWebhookEvent.findUniqueOrThrow({ where: { id: completed.event.id } })).toMatchObject({
      outcome: 'applied',
      paymentId,
    });
  });

  test('events that are not about our tips are recorded and answered, and change nothing', async () => {
    const { paymentId } = await ratedWithTip(3);
    const foreign = await standIn.sendEvent('checkout.session.completed', {
      id: 'cs_test_foreign',
      object: 'checkout.session',
      payment_intent: 'pi_foreign',
      payment_status: 'paid',
      metadata: {},
    });
    expect((await receive(foreign)).outcome).toBe('ignored');
    const unknownTip = await standIn.sendEvent('checkout.session.completed', {
      id: 'cs_test_unknown',
      object: 'checkout.session',
      payment_intent: 'pi_unknown',
      payment_status: 'paid',
      metadata: { paymentId: 'no-such-payment' },
    });
    expect((await receive(unknownTip)).outcome).toBe('unmatched');
    const otherType = await standIn.sendEvent('customer.created', { id: 'cus_1', object: 'customer' });
    expect((await receive(otherType)).outcome).toBe('ignored');
    expect((await paymentRow(paymentId)).status).toBe('pending');
  });

  test('a signed event whose object is not what Stripe documents is refused as bad input', async () => {
    const malformed = await standIn.sendEvent('charge.refunded', { id: 'ch_1', object: 'charge', refunded: 'yes' });
    await expect(receive(malformed)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Text PostgreSQL refuses (a NUL) is bad input too, never a 500.
    const nul = await standIn.sendEvent('payment_intent.payment_failed', {
      id: 'pi_nul',
      object: 'payment_intent',
      metadata: { paymentId: 'pay\u0000ment' },
      last_payment_error: { message: 'declined' },
    });
    await expect(receive(nul)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    for (const delivery of [malformed, nul])
      expect(await t.db.stripeWebhookEvent.count({ where: { id: delivery.event.id } })).toBe(0);
  });

  test('without Stripe configured the webhook does not exist', async () => {
    const delivery = await standIn.sendEvent('customer.created', { id: 'cus_2', object: 'customer' });
    await expect(
      receiveStripeWebhook({ ...deps(), payments: null }, { rawBody: delivery.payload, signature: delivery.signature }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('refunds', () => {
  test('an admin refund goes through Stripe; only the webhook marks it refunded, in both views', async () => {
    const { clientPrincipal, paymentId, client, coach } = await ratedWithTip(5);
    await standIn.pay(await openCheckout(clientPrincipal, paymentId));
    await receive(only(eventsAbout(paymentId, 'checkout.session.completed')));
    const { stripePaymentId } = await paymentRow(paymentId);

    const admin = await t.given.admin();
    const asked = await refundTip({ ...deps(), ip: '203.0.113.9', userAgent: 'test' }, principal(admin, 'admin'), {
      paymentId,
    });
    expect(asked.stripeStatus).toBe('succeeded');
    expect(
      standIn.requests.filter((r) => r.path === '/v1/refunds' && r.params.payment_intent === stripePaymentId),
    ).toHaveLength(1);
    // Asked, not yet reflected: the payment is still completed, with the request noted.
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'completed', refundedAt: null });
    expect((await paymentRow(paymentId)).refundRequestedAt).not.toBeNull();
    expect(
      await t.db.auditLog.count({
        where: { action: 'payment.refund_requested', actorId: admin.id, targetId: paymentId },
      }),
    ).toBe(1);

    await standIn.settled();
    const refundDeliveries = standIn.deliveries.filter(
      (d) => (d.event.data.object as { payment_intent?: string }).payment_intent === stripePaymentId,
    );
    for (const delivery of refundDeliveries.filter(
      (d) => d.event.type.startsWith('refund.') || d.event.type === 'charge.refunded',
    ))
      await receive(delivery);
    const refunded = await paymentRow(paymentId);
    expect(refunded).toMatchObject({ status: 'refunded' });
    expect(Number(refunded.amountRefunded)).toBe(5);
    expect(refunded.refundedAt).not.toBeNull();

    const clientView = (await myTips(deps(), clientPrincipal, { limit: 20 })).items.find((i) => i.id === paymentId);
    expect(clientView).toMatchObject({ status: 'refunded', amountRefundedCents: 500 });
    const coachView = await tipsReceived(deps(), principal(coach, 'coach'), {});
    expect(coachView.tips).toMatchObject([{ id: paymentId, status: 'refunded' }]);
    expect(mailTo(client.email).map((m) => m.subject)).toContain(`Your tip to ${coach.displayName} was refunded`);

    // A second refund is refused before Stripe is asked.
    const before = standIn.requests.length;
    await expect(
      refundTip({ ...deps(), ip: null, userAgent: null }, principal(admin, 'admin'), { paymentId }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(standIn.requests.length).toBe(before);
  });

  test('a pledge that was never charged cannot be refunded', async () => {
    const { paymentId } = await ratedWithTip(1);
    await expect(
      refundTip({ ...deps(), ip: null, userAgent: null }, principal(await t.given.admin(), 'admin'), { paymentId }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('never charged') });
  });
});
