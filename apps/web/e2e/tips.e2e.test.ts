import { StripeStandIn } from '@hybridcoach/api/testing/stripe';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { capture, signInAs } from './journey';

const t = useTestDatabase();
const apiKey = 'sk_test_browserJourney';
const webhookSecret = 'whsec_browserJourney';
let standIn: StripeStandIn | undefined;

// Started before the app (hooks run in order), so the server is configured with its address.
beforeAll(async () => {
  standIn = await StripeStandIn.start({ apiKey, webhookSecret });
});
const { app, openPage } = useAppInBrowser(t, {
  seed: false,
  settings: () => ({ stripe: { secretKey: apiKey, webhookSecret, apiUrl: stripe().url } }),
});
beforeAll(() => {
  stripe().webhookUrl = `${app().url}/webhooks/stripe`;
});
afterAll(() => standIn?.close());

function stripe(): StripeStandIn {
  if (!standIn) throw new Error('the Stripe stand-in starts in beforeAll');
  return standIn;
}

describe('a tip paid through Stripe, seen by client, coach and admin', () => {
  it('rate → tip $3 → pay on the checkout page → paid; the coach sees it; the admin refunds it', async () => {
    const coach = await t.given.coach({ displayName: 'Maya Chen' });
    const client = await t.given.client({ displayName: 'Jordan Lee' });
    await t.given.admin({ displayName: 'Alex Admin', email: 'admin@hybridcoach.dev' });
    const { appointment } = await t.given.completedSession({
      coach,
      client,
      startsAt: new Date(Date.now() - 2 * 3_600_000),
    });
    const sessionPage = `/sessions/${appointment.id}`;

    const { page: clientPage, url } = await openPage('phone');
    const { page: coachPage } = await openPage('desktop');
    const { page: adminPage } = await openPage('desktop');
    try {
      // The client rates the session and adds a $3 tip, paid on Stripe's page.
      await signInAs(clientPage, url, 'Jordan Lee');
      await clientPage.goto(`${url}${sessionPage}`);
      await clientPage.getByRole('button', { name: 'Rate this session' }).click();
      const rating = clientPage.getByRole('dialog', { name: 'How was your session with Maya Chen?' });
      await rating.getByText("You pay the tip next, on Stripe's secure checkout page").waitFor();
      await rating.locator('label').filter({ hasText: '5 stars' }).click();
      await rating.locator('label').filter({ hasText: '$3' }).click();
      await rating.getByRole('button', { name: 'Send rating and $3 tip' }).click();

      await clientPage.waitForURL(new RegExp(`^${stripe().url}/c/pay/cs_test_`));
      await clientPage.getByRole('heading', { name: 'Pay $3.00' }).waitFor();
      await capture(clientPage, 'tip-checkout', 'phone');
      await clientPage.getByLabel('Card number').fill('4242 4242 4242 4242');
      await clientPage.getByRole('button', { name: 'Pay $3.00' }).click();

      // Back on the session page, which shows what Stripe's webhook says.
      await clientPage.waitForURL(`${url}${sessionPage}?tip=paid`);
      const clientRating = clientPage.getByRole('region', { name: 'Rating' });
      await clientRating.getByText('Paid', { exact: true }).waitFor();
      await clientRating.getByText(/^Paid through Stripe on /).waitFor();
      expect(await clientPage.getByRole('button', { name: /^Pay / }).count()).toBe(0);
      await capture(clientPage, 'tip-paid-session', 'phone');
      const payment = await t.db.payment.findFirstOrThrow({ where: { userId: client.id } });
      expect(payment).toMatchObject({ status: 'completed', coachId: coach.id });
      expect(Number(payment.amount)).toBe(3);
      expect(
        app()
          .server.mailbox.list()
          .map((m) => [m.to, m.subject]),
      ).toContainEqual([client.email, 'Receipt for your tip to Maya Chen']);

      // The coach's tips page lists it, with this month's money.
      await signInAs(coachPage, url, 'Maya Chen');
      await coachPage.getByRole('link', { name: 'Tips', exact: true }).click();
      await coachPage.waitForURL(`${url}/tips`);
      const coachTips = coachPage.getByRole('table', { name: /^Tips from sessions in / });
      const row = coachTips.getByRole('row').filter({ hasText: 'Jordan Lee' });
      await row.getByText('Paid', { exact: true }).waitFor();
      await row.getByText('$3.00').waitFor();
      await coachPage.getByRole('table', { name: 'Tips by month' }).getByText('$3.00').first().waitFor();
      await capture(coachPage, 'tips-coach');

      // The admin refunds it through Stripe; the page changes once Stripe's webhook confirms.
      await signInAs(adminPage, url, 'Alex Admin');
      await adminPage.goto(`${url}/admin/payments`);
      const report = adminPage.getByRole('table', { name: /^Payout report, / });
      await report.getByRole('row').filter({ hasText: 'Maya Chen' }).getByText('$3.00').first().waitFor();
      await capture(adminPage, 'tips-admin-before-refund');
      await adminPage.getByRole('button', { name: "Refund Jordan Lee's $3.00 tip" }).click();
      const confirm = adminPage.getByRole('dialog', { name: "Refund Jordan Lee's $3.00 tip?" });
      await confirm.getByRole('button', { name: 'Refund through Stripe' }).click();
      const tipsTable = adminPage.getByRole('table', { name: /^Tips from sessions in / });
      await tipsTable.getByRole('row').filter({ hasText: 'Jordan Lee' }).getByText('Refunded').waitFor();
      // Paid and refunded in the same month: nothing to pay out.
      await adminPage.reload();
      const net = report.getByRole('row').filter({ hasText: 'Maya Chen' }).getByRole('cell').last();
      await net.filter({ hasText: '$0.00' }).waitFor();
      await capture(adminPage, 'tips-admin-after-refund');
      expect((await t.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe('refunded');

      // Both other views show the refund.
      await coachPage.reload();
      await coachTips.getByRole('row').filter({ hasText: 'Jordan Lee' }).getByText('Refunded').waitFor();
      await clientPage.goto(`${url}${sessionPage}`);
      await clientRating.getByText('Refunded', { exact: true }).waitFor();
      await clientPage.goto(`${url}/settings`);
      await clientPage.getByRole('list', { name: 'Your tips' }).getByText('Refunded').waitFor();
      await capture(clientPage, 'tips-settings-client', 'phone');
    } finally {
      for (const page of [clientPage, coachPage, adminPage]) await page.context().close();
    }
  });
});
