import type { Deps } from '../core/context';
import { coachNameOf, formatDay, formatTimestamp } from '../format';
import { DEFAULT_LOCALE } from '../notification/preferences';
import { formatMoney, toCents } from './money';

/**
 * The payer's email once Stripe has confirmed a change: a receipt for a paid tip, a notice for a
 * refund. Sent after the change has committed; a mail failure is logged and does not undo it
 * (Stripe would otherwise redeliver an event we have already applied).
 */
export async function sendPaymentEmail(
  deps: Deps<'db' | 'mailer' | 'logger' | 'settings'>,
  paymentId: string,
  kind: 'receipt' | 'refund',
): Promise<void> {
  const payment = await deps.db.payment.findUnique({
    where: { id: paymentId },
    select: {
      id: true,
      amount: true,
      amountRefunded: true,
      currency: true,
      paidAt: true,
      refundedAt: true,
      stripePaymentId: true,
      user: { select: { email: true, displayName: true, timezone: true, locale: true } },
      coach: { select: { displayName: true, coachName: true } },
      session: { select: { appointment: { select: { id: true, scheduledFor: true } } } },
    },
  });
  if (!payment) return;
  const coach = payment.coach ? coachNameOf(payment.coach) : 'your coach';
  const reader = { timeZone: payment.user.timezone, locale: payment.user.locale ?? DEFAULT_LOCALE };
  const on = (at: Date | null) => (at ? formatTimestamp(at, reader) : '');
  const appointment = payment.session?.appointment ?? null;
  const sessionLine = appointment
    ? `Session: ${formatDay(appointment.scheduledFor, { ...reader, year: 'always' })}, ${deps.settings.publicUrl}/sessions/${appointment.id}`
    : null;
  const lines =
    kind === 'receipt'
      ? [
          `Hello ${payment.user.displayName},`,
          '',
          `Thank you for your tip to ${coach}. This is your receipt.`,
          '',
          `Amount: ${formatMoney(toCents(payment.amount), payment.currency)}`,
          `Paid: ${on(payment.paidAt)}`,
          `Receipt number: ${payment.id}`,
          `Stripe reference: ${payment.stripePaymentId ?? '—'}`,
          ...(sessionLine ? [sessionLine] : []),
          '',
          'Your tips are listed under Settings → Your tips.',
        ]
      : [
          `Hello ${payment.user.displayName},`,
          '',
          `Your tip to ${coach} has been refunded.`,
          '',
          `Refunded: ${formatMoney(toCents(payment.amountRefunded), payment.currency)}`,
          `On: ${on(payment.refundedAt)}`,
          `Receipt number: ${payment.id}`,
          '',
          'Depending on your bank, the money shows on your statement within 5–10 business days.',
        ];
  try {
    await deps.mailer.send({
      to: payment.user.email,
      subject: kind === 'receipt' ? `Receipt for your tip to ${coach}` : `Your tip to ${coach} was refunded`,
      text: lines.join('\n'),
    });
  } catch (err) {
    deps.logger.error({ err, paymentId, kind }, 'payment email failed');
  }
}
