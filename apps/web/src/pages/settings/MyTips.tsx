import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { formatCents, tipIsSettling, tipStateLabel, tipStateTone } from '../../components/payment/tip-state';
import { Badge } from '../../components/ui/Badge';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';

const SHOWN = 50;

/** The tips the viewer gave, newest first, each with where its payment stands. */
export function MyTips({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const tips = useQuery(
    trpc.payment.myTips.queryOptions(
      { limit: SHOWN },
      { refetchInterval: (q) => (q.state.data?.items.some(tipIsSettling) ? 3000 : false) },
    ),
  );
  if (tips.isPending) return <LoadingState label="Loading your tips…" />;
  if (tips.isError)
    return <ErrorState error={tips.error} title="Could not load your tips" onRetry={() => tips.refetch()} />;
  if (tips.data.items.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        You have not tipped a coach yet. You can add a tip when you rate a session.
      </p>
    );
  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col divide-y divide-border text-sm" aria-label="Your tips">
        {tips.data.items.map((tip) => (
          <li
            key={tip.id}
            className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3 first:pt-0 last:pb-0"
          >
            <div className="min-w-0">
              <p className="font-medium">
                {formatCents(tip.amountCents)} to {tip.coach?.name ?? 'a former coach'}
              </p>
              <p className="text-muted-foreground">
                {tip.session ? (
                  <Link
                    to="/sessions/$appointmentId"
                    params={{ appointmentId: tip.session.appointmentId }}
                    className="underline underline-offset-2 hover:text-foreground"
                  >
                    Session of {formatDateTime(tip.session.scheduledFor, timeZone)}
                  </Link>
                ) : (
                  `Tipped ${formatDateTime(tip.createdAt, timeZone)}`
                )}
                {tip.status === 'failed' && tip.failureMessage ? ` · ${tip.failureMessage}` : ''}
              </p>
            </div>
            <Badge tone={tipStateTone[tip.status]}>{tipStateLabel(tip)}</Badge>
          </li>
        ))}
      </ul>
      {tips.data.nextCursor ? (
        <p className="text-xs text-muted-foreground">Showing your {SHOWN} most recent tips.</p>
      ) : null}
    </div>
  );
}
