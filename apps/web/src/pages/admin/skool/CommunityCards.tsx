import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/Alert';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../../components/ui/Card';
import { ErrorState } from '../../../components/ui/ErrorState';
import { Skeleton } from '../../../components/ui/Skeleton';
import { Spinner } from '../../../components/ui/Spinner';
import { errorMessage } from '../../../lib/error-message';
import { formatCount, formatDateTime, formatRelative } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import {
  communityAudience,
  communityLabels,
  isOpenRequest,
  requestStatusLabels,
  sourceLabel,
  sourcePhrases,
} from './skool-labels';
import type { Community, CommunityOverview, SkoolSources, SyncRequest, SyncSource } from './skool-types';
import { currentRequest, finishedSince } from './sync-requests';

function sourcePhrase(source: string): string {
  return source in sourcePhrases ? sourcePhrases[source as SyncSource] : sourceLabel(source);
}

/** The ways members reach us besides "sync now", in words (no settings are named). */
function howMembersArrive(sources: SkoolSources): string {
  const ways = ['by CSV upload'];
  if (sources.csvFolder) ways.push('from files dropped in the import folder');
  if (sources.webhook) ways.push('from Skool’s membership events');
  return ways.length === 1 ? 'by CSV upload only' : `${ways.slice(0, -1).join(', ')} and ${ways.at(-1)}`;
}

/** How often an open "sync now" is checked on. */
const POLL_MS = 2_000;

/** One card per community: members by status, the last sync, and "Sync now". */
export function CommunityCards({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery(trpc.admin.skool.overview.queryOptions());
  const anyOpen = overview.data?.communities.some((c) => c.openRequest !== null) ?? false;
  const requests = useQuery(
    trpc.admin.skool.syncRequests.queryOptions(
      { limit: 20 },
      {
        // Polled only while a request is open (by the overview's account or its own).
        refetchInterval: (query) => (anyOpen || (query.state.data?.some(isOpenRequest) ?? false) ? POLL_MS : false),
      },
    ),
  );

  // A request that finishes has changed members and written a log: reload what shows them.
  const open = useRef(new Set<string>());
  useEffect(() => {
    const list = requests.data;
    if (!list) return;
    const finished = finishedSince(open.current, list);
    open.current = new Set(list.filter(isOpenRequest).map((r) => r.id));
    if (finished.length > 0) void queryClient.invalidateQueries(trpc.admin.skool.pathFilter());
  }, [requests.data, queryClient, trpc]);

  if (overview.isPending) {
    return (
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2" aria-busy="true">
        <span className="sr-only" role="status">
          Loading communities…
        </span>
        {[0, 1].map((n) => (
          <Card key={n} className="flex flex-col gap-3 p-6">
            <Skeleton className="h-5 w-24" />
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-9 w-28" />
          </Card>
        ))}
      </div>
    );
  }
  if (overview.isError) {
    return (
      <ErrorState error={overview.error} title="Could not load the communities" onRetry={() => overview.refetch()} />
    );
  }
  return (
    <ul className="grid grid-cols-1 gap-4 md:grid-cols-2">
      {overview.data.communities.map((item) => (
        <li key={item.community}>
          <CommunityCard
            item={item}
            sources={overview.data.sources}
            request={currentRequest(item.community, requests.data, item.openRequest)}
            timeZone={timeZone}
          />
        </li>
      ))}
    </ul>
  );
}

function CommunityCard({
  item,
  sources,
  request,
  timeZone,
}: {
  item: CommunityOverview;
  sources: SkoolSources;
  request: SyncRequest | null;
  timeZone: string;
}) {
  const label = communityLabels[item.community];
  const headingId = `community-${item.community}`;
  const last = item.lastSync;
  return (
    <Card className="flex h-full flex-col">
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="flex flex-col gap-1">
          <CardTitle id={headingId}>{label}</CardTitle>
          <CardDescription>{communityAudience[item.community]}</CardDescription>
        </div>
        {last ? (
          <Badge tone={last.success ? 'success' : 'danger'}>{last.success ? 'Last sync OK' : 'Last sync failed'}</Badge>
        ) : (
          <Badge>Never synced</Badge>
        )}
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-5">
        <dl className="grid grid-cols-3 gap-3">
          <Stat label="Active" value={item.activeMembers} />
          <Stat label="In grace period" value={item.inGrace} />
          <Stat label="Lapsed" value={item.lapsed} />
        </dl>
        <div className="flex flex-col gap-1 text-sm">
          {last ? (
            <>
              <p>
                <span className="text-muted-foreground">Last sync: </span>
                <time dateTime={last.executedAt.toISOString()} title={formatDateTime(last.executedAt, timeZone)}>
                  {formatRelative(last.executedAt)}
                </time>
                {last.source ? ` from ${sourcePhrase(last.source)}` : null}, {formatCount(last.membersFound)} members
                found
              </p>
              {!last.success && last.errorMessage ? <p className="text-danger">{last.errorMessage}</p> : null}
              {item.lastSuccessAt && !last.success ? (
                <p className="text-muted-foreground">
                  Last successful sync: {formatDateTime(item.lastSuccessAt, timeZone)}
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-muted-foreground">No sync has run for {label} yet.</p>
          )}
        </div>
        {sources.membersEndpoint ? (
          <SyncNow community={item.community} request={request} timeZone={timeZone} />
        ) : (
          <p className="mt-auto border-t border-border pt-4 text-sm text-muted-foreground">
            {/* Nothing to pull from: say how members get here instead of offering a sync that fails. */}
            Members arrive {howMembersArrive(sources)}.{' '}
            <a href="#upload" className="font-medium text-primary underline-offset-2 hover:underline">
              Upload a members CSV
            </a>
          </p>
        )}
      </CardContent>
    </Card>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="flex flex-col gap-0.5 rounded-xl bg-muted/60 px-3 py-2">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{formatCount(value)}</dd>
    </div>
  );
}

/** "Sync now" asks the worker to read the members endpoint; disabled while a request is open. */
function SyncNow({
  community,
  request,
  timeZone,
}: {
  community: Community;
  request: SyncRequest | null;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [alreadyOpen, setAlreadyOpen] = useState(false);
  const syncNow = useMutation(
    trpc.admin.skool.syncNow.mutationOptions({
      onSuccess: async (result) => {
        setAlreadyOpen(result.alreadyOpen);
        await Promise.all([
          queryClient.invalidateQueries(trpc.admin.skool.syncRequests.pathFilter()),
          queryClient.invalidateQueries(trpc.admin.skool.overview.pathFilter()),
        ]);
      },
    }),
  );
  const open = request !== null && isOpenRequest(request);
  const label = communityLabels[community];

  return (
    <div className="mt-auto flex flex-col gap-3 border-t border-border pt-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="outline"
          disabled={open || syncNow.isPending}
          onClick={() => syncNow.mutate({ community })}
          aria-describedby={`sync-status-${community}`}
        >
          {open || syncNow.isPending ? <Spinner className="size-4" /> : null}
          {open ? 'Sync requested' : `Sync ${label} now`}
        </Button>
        <p id={`sync-status-${community}`} role="status" className="text-sm text-muted-foreground">
          {request ? <RequestStatus request={request} timeZone={timeZone} alreadyOpen={alreadyOpen && open} /> : null}
        </p>
      </div>
      {syncNow.isError ? (
        <Alert tone="danger" role="alert" title="Could not request a sync">
          {errorMessage(syncNow.error)}
        </Alert>
      ) : null}
      {request?.status === 'failed' && request.error ? (
        <p className="text-sm text-danger">The requested sync failed: {request.error}</p>
      ) : null}
    </div>
  );
}

function RequestStatus({
  request,
  timeZone,
  alreadyOpen,
}: {
  request: SyncRequest;
  timeZone: string;
  alreadyOpen: boolean;
}) {
  const tone = request.status === 'failed' ? 'danger' : request.status === 'done' ? 'success' : 'warning';
  const when = request.finishedAt ?? request.requestedAt;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Badge tone={tone}>{requestStatusLabels[request.status]}</Badge>
      <span>
        {alreadyOpen ? 'Already requested ' : isOpenRequest(request) ? 'Requested ' : 'Finished '}
        <time dateTime={when.toISOString()} title={formatDateTime(when, timeZone)}>
          {formatRelative(when)}
        </time>
        {request.attempts > 1 ? `, attempt ${request.attempts}` : null}
      </span>
    </span>
  );
}
