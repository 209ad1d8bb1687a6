import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { formatCents, tipCanBePaid, tipIsSettling, tipStateLabel, tipStateTone } from './tip-state';
import { usePayTip } from './use-pay-tip';

/**
 * A session's tip as its client, coach or an admin sees it, kept live: while Stripe may still
 * change it (a checkout open, a refund asked for) the page asks again every few seconds. The
 * client can pay a tip that is not paid yet.
 */
export function TipStatus({
  appointmentId,
  viewerIsClient,
  timeZone,
}: {
  appointmentId: string;
  viewerIsClient: boolean;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.payment.sessionTip.queryOptions(
      { appointmentId },
      { refetchInterval: (q) => (q.state.data?.tip && tipIsSettling(q.state.data.tip) ? 2000 : false) },
    ),
  );
  const pay = usePayTip();
  if (!query.data?.tip) return null;
  const { tip, providerConnected } = query.data;
  const label = tipStateLabel(tip, providerConnected);
  return (
    <div className="flex flex-col gap-1">
      <p className="flex flex-wrap items-center gap-2">
        Tip: {formatCents(tip.amountCents)} <Badge tone={tipStateTone[tip.status]}>{label}</Badge>
      </p>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {!providerConnected && tip.status === 'pending'
          ? 'No payment provider is connected yet, so the tip is recorded but not charged.'
          : tip.status === 'completed' && tip.paidAt
            ? `Paid through Stripe on ${formatDateTime(tip.paidAt, timeZone)}.${tip.refundRequestedAt ? ' A refund has been asked for.' : ''}`
            : tip.status === 'refunded' && tip.refundedAt
              ? `Refunded on ${formatDateTime(tip.refundedAt, timeZone)}.`
              : tip.status === 'failed'
                ? `Stripe declined the payment${tip.failureMessage ? `: ${tip.failureMessage}` : '.'}`
                : tip.checkoutOpen
                  ? 'A Stripe checkout is open for this tip; this updates as soon as Stripe confirms the payment.'
                  : 'Not charged yet.'}
      </p>
      {viewerIsClient && providerConnected && tipCanBePaid(tip) ? (
        <div className="mt-1">
          <Button size="sm" disabled={pay.isPending} onClick={() => pay.mutate({ paymentId: tip.id })}>
            {pay.isPending ? 'Opening Stripe…' : `Pay ${formatCents(tip.amountCents)} tip`}
          </Button>
          {pay.isError ? (
            <p role="alert" className="mt-1 text-sm font-medium text-danger">
              {errorMessage(pay.error)}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
