import { authedProcedure, roleProcedure, router } from '../core/trpc';
import { payoutReport, payoutReportCsv } from './payout-report';
import { refundTip } from './refund';
import {
  adminTipsInput,
  myTipsInput,
  paymentIdInput,
  payoutReportInput,
  sessionTipInput,
  tipsReceivedInput,
} from './schemas';
import { checkoutTip } from './tip-checkout';
import { myTips, sessionTip, tipsOfMonth, tipsReceived } from './tip-views';

export const paymentRouter = router({
  /** The Stripe Checkout page for the caller's own unpaid tip. */
  checkoutTip: authedProcedure.input(paymentIdInput).mutation(({ ctx, input }) => checkoutTip(ctx, ctx.user, input)),
  /** A session's tip and its state, for its client, its coach and admins. */
  sessionTip: authedProcedure.input(sessionTipInput).query(({ ctx, input }) => sessionTip(ctx, ctx.user, input)),
  /** The tips the caller gave. */
  myTips: authedProcedure.input(myTipsInput).query(({ ctx, input }) => myTips(ctx, ctx.user, input)),
  /** The calling coach's tips: money per month, and the tips of one month. */
  received: roleProcedure('coach')
    .input(tipsReceivedInput)
    .query(({ ctx, input }) => tipsReceived(ctx, ctx.user, input)),
});

const admin = roleProcedure('admin');

export const paymentAdminRouter = router({
  /** Every tip pledged in a month, with its state. */
  tips: admin.input(adminTipsInput).query(({ ctx, input }) => tipsOfMonth(ctx, input)),
  /** Asks Stripe to refund a paid tip; the webhook marks it refunded. */
  refund: admin.input(paymentIdInput).mutation(({ ctx, input }) => refundTip(ctx, ctx.user, input)),
  /** Tips per coach for one month (payouts). */
  report: admin.input(payoutReportInput).query(({ ctx, input }) => payoutReport(ctx.db, input)),
  /** The same report as CSV. */
  reportCsv: admin.input(payoutReportInput).query(async ({ ctx, input }) => ({
    fileName: `tips-${input.month}.csv`,
    csv: payoutReportCsv(await payoutReport(ctx.db, input)),
  })),
});
