import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { MonitorSmartphoneIcon } from 'lucide-react';
import { forgetViewer } from '../../auth/viewer';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime, formatRelative } from '../../lib/format';
import { describeUserAgent } from '../../lib/user-agent';
import { useTRPC } from '../../trpc';

/** Where this account is signed in; any of them can be ended from here. */
export function ActiveSessions({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: async (result) => {
        if (result.wasCurrent) {
          // Ending this device's session is signing out here.
          await navigate({ to: '/sign-in' });
          forgetViewer(queryClient);
          return;
        }
        await queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
      },
    }),
  );

  const revokeOthers = useMutation(
    trpc.auth.revokeOtherSessions.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );

  if (sessions.isPending) return <LoadingState label="Loading your sessions…" />;
  if (sessions.isError) {
    return (
      <ErrorState error={sessions.error} title="Could not load your sessions" onRetry={() => sessions.refetch()} />
    );
  }
  // This device first, then the most recently used.
  const list = [...sessions.data].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastActive.getTime() - a.lastActive.getTime(),
  );

  return (
    <div className="flex flex-col gap-3">
      {revoke.isError || revokeOthers.isError ? (
        <p role="alert" className="text-sm font-medium text-danger">
          {errorMessage(revoke.error ?? revokeOthers.error)}
        </p>
      ) : null}
      <ul className="flex flex-col divide-y divide-border rounded-xl border border-border">
        {list.map((session) => {
          const device = describeUserAgent(session.userAgent);
          const pending = revoke.isPending && revoke.variables?.sessionId === session.id;
          return (
            <li key={session.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
              <span className="hidden size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-muted-foreground sm:flex">
                <MonitorSmartphoneIcon />
              </span>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  {device}
                  {session.current ? <Badge tone="brand">This device</Badge> : null}
                </p>
                <p className="mt-0.5 text-sm text-muted-foreground">
                  {session.ipAddress ? `${session.ipAddress} · ` : ''}Last active{' '}
                  <time
                    dateTime={session.lastActive.toISOString()}
                    title={formatDateTime(session.lastActive, timeZone)}
                  >
                    {formatRelative(session.lastActive)}
                  </time>
                </p>
                <p className="text-sm text-muted-foreground">
                  Signed in{' '}
                  <time dateTime={session.createdAt.toISOString()}>{formatDateTime(session.createdAt, timeZone)}</time>
                </p>
              </div>
              <Button
                variant="outline"
                size="sm"
                className="self-start sm:self-center"
                disabled={revoke.isPending}
                aria-label={
                  session.current
                    ? `Sign out here (${device}, this device)`
                    : `Revoke the session on ${device}, last active ${formatRelative(session.lastActive)}`
                }
                onClick={() => revoke.mutate({ sessionId: session.id })}
              >
                {pending ? 'Revoking…' : session.current ? 'Sign out here' : 'Revoke'}
              </Button>
            </li>
          );
        })}
      </ul>
      {list.length > 1 ? (
        <Button
          variant="outline"
          className="self-start"
          disabled={revokeOthers.isPending}
          onClick={() => revokeOthers.mutate()}
        >
          {revokeOthers.isPending ? 'Signing out…' : 'Sign out everywhere else'}
        </Button>
      ) : null}
    </div>
  );
}
