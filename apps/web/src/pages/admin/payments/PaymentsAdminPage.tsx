import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useViewer } from '../../../auth/viewer';
import { AdminTable, AdminTableHead, numericClass, tdClass } from '../../../components/admin/AdminTable';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { currentMonth, formatMonth, shiftMonth } from '../../../components/payment/month';
import {
  formatCents,
  type Tip,
  tipIsSettling,
  tipStateLabel,
  tipStateTone,
} from '../../../components/payment/tip-state';
import { Badge } from '../../../components/ui/Badge';
import { Button, buttonClassName } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import { LoadingState } from '../../../components/ui/LoadingState';
import { cx } from '../../../lib/class-names';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';

const route = getRouteApi('/signed-in/admin-only/admin/payments');

/** Admins: the month's payout report per coach (and as CSV), and every tip of the month, refundable. */
export function PaymentsAdminPage() {
  const month = route.useSearch().month ?? currentMonth();
  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Tips and payouts · HybridCoach</title>
      <AdminTabs className="mb-6" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">Tips and payouts</h1>
          <p className="mt-2 max-w-3xl text-muted-foreground">
            {formatMonth(month)}, UTC. A tip counts in the month Stripe charged it, a refund in the month Stripe made
            it, so a month's payout never changes once made.
          </p>
        </div>
        <nav aria-label="Months" className="flex gap-2">
          <Link
            to="/admin/payments"
            search={{ month: shiftMonth(month, -1) }}
            className={buttonClassName({ variant: 'outline', size: 'sm' })}
          >
            ← Previous month
          </Link>
          <Link
            to="/admin/payments"
            search={{ month: shiftMonth(month, 1) }}
            className={buttonClassName({ variant: 'outline', size: 'sm' })}
          >
            Next month →
          </Link>
        </nav>
      </div>
      <PayoutReport month={month} />
      <MonthTips month={month} />
    </section>
  );
}

function PayoutReport({ month }: { month: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const report = useQuery(trpc.admin.payments.report.queryOptions({ month }, { placeholderData: keepPreviousData }));
  const [csvError, setCsvError] = useState<string | null>(null);

  const download = async () => {
    setCsvError(null);
    try {
      const { fileName, csv } = await queryClient.fetchQuery(trpc.admin.payments.reportCsv.queryOptions({ month }));
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setCsvError(errorMessage(error));
    }
  };

  if (report.isPending) return <LoadingState label="Loading the payout report…" className="mt-8" />;
  if (report.isError)
    return (
      <ErrorState
        className="mt-8"
        error={report.error}
        title="The payout report could not be shown"
        onRetry={() => report.refetch()}
      />
    );
  const { coaches, totals } = report.data;
  return (
    <section aria-labelledby="payout-report" className="mt-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="payout-report" className="text-xl font-semibold">
          Payout report
        </h2>
        <Button variant="outline" size="sm" onClick={() => void download()}>
          Download CSV
        </Button>
      </div>
      {csvError ? (
        <p role="alert" className="mt-2 text-sm font-medium text-danger">
          {csvError}
        </p>
      ) : null}
      {coaches.length === 0 ? (
        <EmptyState className="mt-4" title="No tips were paid or refunded this month" />
      ) : (
        <AdminTable caption={`Payout report, ${formatMonth(month)}`} hideCaption className="mt-4">
          <AdminTableHead
            columns={[
              'Coach',
              { label: 'Tips', numeric: true },
              { label: 'Paid', numeric: true },
              { label: 'Refunds', numeric: true },
              { label: 'Refunded', numeric: true },
              { label: 'Net payout', numeric: true },
            ]}
          />
          <tbody>
            {coaches.map((c) => (
              <tr key={c.coachId ?? 'deleted'}>
                <td className={tdClass}>
                  <span className="font-medium">{c.coachName}</span>
                  {c.coachEmail ? <span className="block text-xs text-muted-foreground">{c.coachEmail}</span> : null}
                </td>
                <td className={cx(tdClass, numericClass)}>{c.tips}</td>
                <td className={cx(tdClass, numericClass)}>{formatCents(c.grossCents)}</td>
                <td className={cx(tdClass, numericClass)}>{c.refunds}</td>
                <td className={cx(tdClass, numericClass)}>{formatCents(c.refundedCents)}</td>
                <td className={cx(tdClass, numericClass, 'font-medium')}>{formatCents(c.netCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="font-semibold">
              <th scope="row" className={cx(tdClass, 'text-left')}>
                Total
              </th>
              <td className={cx(tdClass, numericClass)}>{totals.tips}</td>
              <td className={cx(tdClass, numericClass)}>{formatCents(totals.grossCents)}</td>
              <td className={cx(tdClass, numericClass)}>{totals.refunds}</td>
              <td className={cx(tdClass, numericClass)}>{formatCents(totals.refundedCents)}</td>
              <td className={cx(tdClass, numericClass)}>{formatCents(totals.netCents)}</td>
            </tr>
          </tfoot>
        </AdminTable>
      )}
    </section>
  );
}

function MonthTips({ month }: { month: string }) {
  const trpc = useTRPC();
  const timeZone = useViewer().data?.timezone ?? 'UTC';
  const tips = useQuery(
    trpc.admin.payments.tips.queryOptions(
      { month },
      {
        placeholderData: keepPreviousData,
        // A refund shows once Stripe's webhook confirms it: ask again until then.
        refetchInterval: (q) => (q.state.data?.some(tipIsSettling) ? 2000 : false),
      },
    ),
  );
  if (tips.isPending) return <LoadingState label="Loading the month's tips…" className="mt-8" />;
  if (tips.isError)
    return (
      <ErrorState
        className="mt-8"
        error={tips.error}
        title="The tips could not be shown"
        onRetry={() => tips.refetch()}
      />
    );
  return (
    <section aria-labelledby="month-tips" className="mt-10">
      <h2 id="month-tips" className="text-xl font-semibold">
        Tips from sessions in {formatMonth(month)}
      </h2>
      {tips.data.length === 0 ? (
        <EmptyState className="mt-4" title="No tips this month" />
      ) : (
        <AdminTable caption={`Tips from sessions in ${formatMonth(month)}`} hideCaption className="mt-4">
          <AdminTableHead
            columns={[
              'Tipped',
              'Client',
              'Coach',
              { label: 'Amount', numeric: true },
              'State',
              { label: 'Actions', hidden: true },
            ]}
          />
          <tbody>
            {tips.data.map((tip) => (
              <tr key={tip.id}>
                <td className={tdClass}>{formatDateTime(tip.createdAt, timeZone)}</td>
                <td className={tdClass}>{tip.client.name}</td>
                <td className={tdClass}>{tip.coach?.name ?? '(account deleted)'}</td>
                <td className={cx(tdClass, numericClass)}>{formatCents(tip.amountCents)}</td>
                <td className={tdClass}>
                  <Badge tone={tipStateTone[tip.status]}>{tipStateLabel(tip)}</Badge>
                </td>
                <td className={cx(tdClass, 'text-right')}>
                  {tip.status === 'completed' && !tip.refundRequestedAt ? <RefundButton tip={tip} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </AdminTable>
      )}
    </section>
  );
}

/** Refunds go through Stripe after a confirmation; the row changes when Stripe's webhook says so. */
function RefundButton({ tip }: { tip: Tip }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refund = useMutation(trpc.admin.payments.refund.mutationOptions());
  const who = `${tip.client.name}'s ${formatCents(tip.amountCents)} tip`;
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Refund ${who}`}>
          Refund
        </Button>
      }
      title={`Refund ${who}?`}
      description={`Stripe returns the full ${formatCents(tip.amountCents)} to the client's card, and it comes off ${
        tip.coach?.name ?? 'the coach'
      }'s payout for the month of the refund. This cannot be undone.`}
      keepLabel="Keep the tip"
      confirmLabel="Refund through Stripe"
      pendingLabel="Asking Stripe…"
      action={refund}
      onConfirm={(close) =>
        refund.mutate(
          { paymentId: tip.id },
          {
            onSuccess: async () => {
              close();
              await queryClient.invalidateQueries(trpc.admin.payments.pathFilter());
            },
          },
        )
      }
    />
  );
}
