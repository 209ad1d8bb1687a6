import type { AppRouter } from '@hybridcoach/api';
import { DECLINED_CARD, PAID_CARD, StripeStandIn } from '@hybridcoach/api/testing/stripe';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrowserClient, startTestServer, type TestServer } from './testing';

const t = useTestDatabase();
const apiKey = 'sk_test_httpStandIn';
const webhookSecret = 'whsec_httpStandIn';
let standIn: StripeStandIn;
let server: TestServer;

const codeOf = (err: unknown) => (err as TRPCClientError<AppRouter>).data?.code;

beforeAll(async () => {
  standIn = await StripeStandIn.start({ apiKey, webhookSecret });
  server = await startTestServer({
    db: t.db,
    settings: { stripe: { secretKey: apiKey, webhookSecret, apiUrl: standIn.url } },
  });
  standIn.webhookUrl = `${server.url}/webhooks/stripe`;
});
afterAll(async () => {
  await standIn.close();
  await server.close();
});

async function as(userId: string) {
  const browser = createBrowserClient(server.url);
  await browser.client.dev.signInAs.mutate({ userId });
  return browser.client;
}

/** A finished session whose client rated it with a tip, signed in as that client. */
async function rated(tip: 1 | 3 | 5) {
  const done = await t.given.completedSession();
  const client = await as(done.client.id);
  const result = await client.session.rate.mutate({ appointmentId: done.appointment.id, rating: 5, tip });
  if (!result.payment) throw new Error('a tip makes a payment');
  return { ...done, api: client, paymentId: result.payment.id };
}

/** What a browser does on the hosted page: submit a card, follow nothing. */
async function submitCard(checkoutUrl: string, card: string) {
  return fetch(checkoutUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card_number: card }),
    redirect: 'manual',
  });
}

async function postWebhook(payload: string, signature: string | null) {
  return fetch(`${server.url}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    body: payload,
  });
}

describe('a tip over HTTP, with Stripe on the other end', () => {
  test('rate, pay on the checkout page, and the webhook to /webhooks/stripe marks it paid', async () => {
    const { api, paymentId, appointment, client } = await rated(3);
    expect((await api.payment.sessionTip.query({ appointmentId: appointment.id })).tip).toMatchObject({
      id: paymentId,
      status: 'pending',
      amountCents: 300,
      checkoutOpen: false,
    });
    const { url } = await api.payment.checkoutTip.mutate({ paymentId });
    expect(url.startsWith(`${standIn.url}/c/pay/cs_test_`)).toBe(true);
    const page = await fetch(url);
    expect(await page.text()).toContain('Pay $3.00');

    const paid = await submitCard(url, PAID_CARD);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${server.settings.publicUrl}/sessions/${appointment.id}?tip=paid`);
    await standIn.settled();
    // Every event Stripe sent was taken: the ones that are not about tips are answered too.
    const answered = standIn.deliveries.slice(-3);
    expect(answered.map((d) => [d.event.type, d.status])).toEqual([
      ['charge.succeeded', 200],
      ['payment_intent.succeeded', 200],
      ['checkout.session.completed', 200],
    ]);
    expect(answered.map((d) => JSON.parse(d.body).outcome)).toEqual(['ignored', 'ignored', 'applied']);

    const tip = (await api.payment.sessionTip.query({ appointmentId: appointment.id })).tip;
    expect(tip).toMatchObject({ status: 'completed', amountCents: 300 });
    expect(
      server.mailbox
        .list()
        .filter((m) => m.to === client.email)
        .map((m) => m.subject),
    ).toEqual([expect.stringMatching(/^Receipt for your tip to /)]);
    // The page is closed once paid; asking for it again is refused.
    await expect(api.payment.checkoutTip.mutate({ paymentId })).rejects.toSatisfy((e) => codeOf(e) === 'CONFLICT');
  });

  test('forged, stale and unsigned deliveries get 401, malformed 400, a replay 200 — none changes anything', async () => {
    const { api, paymentId } = await rated(5);
    const { url } = await api.payment.checkoutTip.mutate({ paymentId });
    // Stripe's own delivery goes nowhere this time: the test hands it over itself.
    standIn.webhookUrl = null;
    try {
      await submitCard(url, PAID_CARD);
      await standIn.settled();
    } finally {
      standIn.webhookUrl = `${server.url}/webhooks/stripe`;
    }
    const real = standIn.deliveriesOf('checkout.session.completed').at(-1);
    if (!real) throw new Error('the stand-in reports the payment');
    const now = Math.floor(Date.now() / 1000);

    const forged = await postWebhook(real.payload, standIn.signatureHeader(real.payload, { secret: 'whsec_wrong' }));
    expect([forged.status, await forged.json()]).toEqual([401, { error: 'invalid signature' }]);
    const stale = await postWebhook(real.payload, standIn.signatureHeader(real.payload, { timestamp: now - 600 }));
    expect([stale.status, await stale.json()]).toEqual([401, { error: 'stale timestamp' }]);
    expect((await postWebhook(real.payload, null)).status).toBe(401);
    const notJson = 'not json';
    expect((await postWebhook(notJson, standIn.signatureHeader(notJson))).status).toBe(400);
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe('pending');

    expect(await (await postWebhook(real.payload, real.signature)).json()).toMatchObject({ outcome: 'applied' });
    const replay = await postWebhook(real.payload, real.signature);
    expect([replay.status, await replay.json()]).toEqual([200, { eventId: real.event.id, outcome: 'duplicate' }]);
    expect(await t.db.stripeWebhookEvent.count({ where: { id: real.event.id } })).toBe(1);
  });

  test('a declined card shows the decline to the payer and the coach; an admin refund shows in both views', async () => {
    const { api, paymentId, appointment, coach } = await rated(3);
    const coachApi = await as(coach.id);
    const { url } = await api.payment.checkoutTip.mutate({ paymentId });
    const declined = await submitCard(url, DECLINED_CARD);
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    await standIn.settled();
    expect((await api.payment.sessionTip.query({ appointmentId: appointment.id })).tip).toMatchObject({
      status: 'failed',
      failureMessage: 'Your card was declined.',
    });
    expect((await coachApi.payment.sessionTip.query({ appointmentId: appointment.id })).tip?.status).toBe('failed');

    expect((await submitCard(url, PAID_CARD)).status).toBe(303);
    await standIn.settled();
    // The test server's ADMIN_EMAILS: sign-in gives the role from it.
    const admin = await as((await t.given.admin({ email: 'admin@hybridcoach.dev' })).id);
    const refund = await admin.admin.payments.refund.mutate({ paymentId });
    expect(refund.stripeStatus).toBe('succeeded');
    await standIn.settled();
    const month = new Date().toISOString().slice(0, 7);
    expect((await api.payment.myTips.query({})).items.find((i) => i.id === paymentId)).toMatchObject({
      status: 'refunded',
      amountRefundedCents: 300,
    });
    expect((await coachApi.payment.received.query({ month })).tips).toMatchObject([
      { id: paymentId, status: 'refunded' },
    ]);
    const report = await admin.admin.payments.report.query({ month });
    expect(report.coaches.find((c) => c.coachId === coach.id)).toMatchObject({
      tips: 1,
      grossCents: 300,
      refunds: 1,
      refundedCents: 300,
      netCents: 0,
    });
  });
});

describe('without Stripe', () => {
  test('the webhook route does not exist and a tip stays a pledge that cannot be paid here', async () => {
    const plain = await startTestServer({ db: t.db });
    try {
      const delivery = await fetch(`${plain.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
        body: '{}',
      });
      expect(delivery.status).toBe(404);
      const done = await t.given.completedSession();
      const browser = createBrowserClient(plain.url);
      await browser.client.dev.signInAs.mutate({ userId: done.client.id });
      const rating = await browser.client.session.rate.mutate({
        appointmentId: done.appointment.id,
        rating: 4,
        tip: 1,
      });
      expect(rating.payment?.status).toBe('pending');
      const view = await browser.client.payment.sessionTip.query({ appointmentId: done.appointment.id });
      expect(view).toMatchObject({ providerConnected: false, tip: { status: 'pending' } });
      await expect(
        browser.client.payment.checkoutTip.mutate({ paymentId: rating.payment?.id ?? '' }),
      ).rejects.toSatisfy((e) => codeOf(e) === 'BAD_REQUEST');
    } finally {
      await plain.close();
    }
  });
});
