import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useViewer } from '../../auth/viewer';
import { AdminTable, AdminTableHead, numericClass, tdClass } from '../../components/admin/AdminTable';
import { currentMonth, formatMonth, shiftMonth } from '../../components/payment/month';
import { formatCents, tipIsSettling, tipStateLabel, tipStateTone } from '../../components/payment/tip-state';
import { Badge } from '../../components/ui/Badge';
import { buttonClassName } from '../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { cx } from '../../lib/class-names';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';

const route = getRouteApi('/signed-in/staff/tips');

/** A coach's tips: the money per month (as the payout report counts it) and each tip of one month. */
export function TipsPage() {
  const trpc = useTRPC();
  const month = route.useSearch().month ?? currentMonth();
  const timeZone = useViewer().data?.timezone ?? 'UTC';
  const received = useQuery(
    trpc.payment.received.queryOptions(
      { month },
      {
        placeholderData: keepPreviousData,
        refetchInterval: (q) => (q.state.data?.tips.some(tipIsSettling) ? 3000 : false),
      },
    ),
  );

  return (
    <section className="mx-auto w-full max-w-5xl px-4 py-10 sm:px-6">
      <title>Tips · HybridCoach</title>
      <h1 className="text-3xl font-semibold tracking-tight">Tips</h1>
      <p className="mt-2 max-w-3xl text-muted-foreground">
        Tips your clients added when rating a session, paid through Stripe. A tip counts in the month it was paid and a
        refund in the month it was made, as in the payout report; months are UTC calendar months.
      </p>
      {received.isPending ? (
        <LoadingState label="Loading your tips…" className="mt-8" />
      ) : received.isError ? (
        <ErrorState
          className="mt-8"
          error={received.error}
          title="Your tips could not be shown"
          onRetry={() => received.refetch()}
        />
      ) : (
        <div className="mt-8 flex flex-col gap-8">
          <Card>
            <CardHeader>
              <CardTitle as="h2">By month</CardTitle>
              <CardDescription>What you received, what was refunded, and what is yours.</CardDescription>
            </CardHeader>
            <CardContent>
              {received.data.months.length === 0 ? (
                <p className="text-sm text-muted-foreground">No tip has been paid to you yet.</p>
              ) : (
                <AdminTable caption="Tips by month" hideCaption>
                  <AdminTableHead
                    columns={[
                      'Month',
                      { label: 'Tips', numeric: true },
                      { label: 'Received', numeric: true },
                      { label: 'Refunded', numeric: true },
                      { label: 'Net', numeric: true },
                    ]}
                  />
                  <tbody>
                    {received.data.months.map((m) => (
                      <tr key={m.month}>
                        <td className={tdClass}>
                          <Link to="/tips" search={{ month: m.month }} className="underline underline-offset-2">
                            {formatMonth(m.month)}
                          </Link>
                        </td>
                        <td className={cx(tdClass, numericClass)}>{m.tips}</td>
                        <td className={cx(tdClass, numericClass)}>{formatCents(m.grossCents)}</td>
                        <td className={cx(tdClass, numericClass)}>{formatCents(m.refundedCents)}</td>
                        <td className={cx(tdClass, numericClass, 'font-medium')}>{formatCents(m.netCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </AdminTable>
              )}
            </CardContent>
          </Card>

          <section aria-labelledby="month-tips">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="month-tips" className="text-xl font-semibold">
                Tips from sessions in {formatMonth(received.data.month)}
              </h2>
              <nav aria-label="Months" className="flex gap-2">
                <Link
                  to="/tips"
                  search={{ month: shiftMonth(received.data.month, -1) }}
                  className={buttonClassName({ variant: 'outline', size: 'sm' })}
                >
                  ← Previous month
                </Link>
                <Link
                  to="/tips"
                  search={{ month: shiftMonth(received.data.month, 1) }}
                  className={buttonClassName({ variant: 'outline', size: 'sm' })}
                >
                  Next month →
                </Link>
              </nav>
            </div>
            {received.data.tips.length === 0 ? (
              <EmptyState className="mt-4" title="No tips this month" description="Tips appear here as clients rate." />
            ) : (
              <AdminTable
                caption={`Tips from sessions in ${formatMonth(received.data.month)}`}
                hideCaption
                className="mt-4"
              >
                <AdminTableHead columns={['Session', 'Client', { label: 'Amount', numeric: true }, 'State']} />
                <tbody>
                  {received.data.tips.map((tip) => (
                    <tr key={tip.id}>
                      <td className={tdClass}>
                        {tip.session ? (
                          <Link
                            to="/sessions/$appointmentId"
                            params={{ appointmentId: tip.session.appointmentId }}
                            className="underline underline-offset-2"
                          >
                            {formatDateTime(tip.session.scheduledFor, timeZone)}
                          </Link>
                        ) : (
                          formatDateTime(tip.createdAt, timeZone)
                        )}
                      </td>
                      <td className={tdClass}>{tip.client.name}</td>
                      <td className={cx(tdClass, numericClass)}>{formatCents(tip.amountCents)}</td>
                      <td className={tdClass}>
                        <Badge tone={tipStateTone[tip.status]}>{tipStateLabel(tip)}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </AdminTable>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
