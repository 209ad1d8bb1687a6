import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ChevronDownIcon } from 'lucide-react';
import { Fragment, useEffect, useState } from 'react';
import { useViewer } from '../../../auth/viewer';
import {
  type AdminColumn,
  AdminTable,
  AdminTableHead,
  numericClass,
  tdClass,
} from '../../../components/admin/AdminTable';
import { useCursorPages } from '../../../components/admin/cursor-pages';
import { Pager } from '../../../components/admin/Pager';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import { FormField } from '../../../components/ui/FormField';
import { LoadingState } from '../../../components/ui/LoadingState';
import { Select } from '../../../components/ui/Select';
import { cx } from '../../../lib/class-names';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import { CommunityFilter } from './CommunityFilter';
import { describeLogDetails } from './log-details';
import { communityLabels, formatDuration, sourceLabel, sourceLabels } from './skool-labels';
import type { Community, SyncLog, SyncSource } from './skool-types';

const PAGE_SIZE = 20;
const LOG_COLUMNS: AdminColumn[] = [
  { label: 'Details', hidden: true },
  { label: 'When' },
  { label: 'Community' },
  { label: 'Source' },
  { label: 'Result' },
  { label: 'Found', numeric: true },
  { label: 'New', numeric: true },
  { label: 'Cancelled', numeric: true },
  { label: 'Took', numeric: true },
];
const COLUMNS = LOG_COLUMNS.length;

type ResultFilter = 'all' | 'success' | 'failure';

/** SkoolMonitoringLog, newest first, filterable, each run expandable to its details. */
export function SyncLogTable({ timeZone, highlightId }: { timeZone: string; highlightId: number | null }) {
  const trpc = useTRPC();
  const [community, setCommunity] = useState<Community | ''>('');
  const [source, setSource] = useState<SyncSource | ''>('');
  const [result, setResult] = useState<ResultFilter>('all');
  const pages = useCursorPages<number>();
  const logs = useQuery(
    trpc.admin.skool.syncLogs.queryOptions(
      {
        community: community || undefined,
        source: source || undefined,
        success: result === 'all' ? undefined : result === 'success',
        limit: PAGE_SIZE,
        cursor: pages.cursor,
      },
      { placeholderData: keepPreviousData },
    ),
  );
  const filtered = community !== '' || source !== '' || result !== 'all';

  return (
    <div className="flex flex-col gap-4">
      <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <legend className="sr-only">Filter the sync log</legend>
        <CommunityFilter
          value={community}
          onChange={(next) => {
            setCommunity(next);
            pages.reset();
          }}
        />
        <FormField label="Result">
          {(control) => (
            <Select
              {...control}
              value={result}
              onChange={(e) => {
                setResult(e.target.value as ResultFilter);
                pages.reset();
              }}
            >
              <option value="all">Succeeded or failed</option>
              <option value="success">Succeeded</option>
              <option value="failure">Failed or refused</option>
            </Select>
          )}
        </FormField>
        <FormField label="Source">
          {(control) => (
            <Select
              {...control}
              value={source}
              onChange={(e) => {
                setSource(e.target.value as SyncSource | '');
                pages.reset();
              }}
            >
              <option value="">All sources</option>
              {(Object.keys(sourceLabels) as SyncSource[]).map((s) => (
                <option key={s} value={s}>
                  {sourceLabels[s]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </fieldset>

      {logs.isPending ? (
        <LoadingState label="Loading the sync log…" />
      ) : logs.isError ? (
        <ErrorState error={logs.error} title="Could not load the sync log" onRetry={() => logs.refetch()} />
      ) : logs.data.items.length === 0 ? (
        <EmptyState
          title={filtered ? 'No syncs match these filters' : 'No syncs yet'}
          description={
            filtered
              ? 'Try another community, result or source.'
              : 'Each sync, from any source, is logged here with what it found and changed.'
          }
        />
      ) : (
        <>
          <AdminTable caption={`Sync runs, newest first${pages.page > 1 ? ` (page ${pages.page})` : ''}`} hideCaption>
            <AdminTableHead columns={LOG_COLUMNS} />
            <tbody aria-busy={logs.isPlaceholderData || undefined}>
              {logs.data.items.map((log) => (
                <LogRow key={log.id} log={log} timeZone={timeZone} highlighted={log.id === highlightId} />
              ))}
            </tbody>
          </AdminTable>
          <Pager
            label="Sync log pages"
            position={`Page ${pages.page}`}
            busy={logs.isFetching}
            onPrevious={pages.page > 1 ? pages.newer : null}
            onNext={logs.data.nextCursor ? () => logs.data.nextCursor && pages.older(logs.data.nextCursor) : null}
          />
        </>
      )}
    </div>
  );
}

function LogRow({ log, timeZone, highlighted }: { log: SyncLog; timeZone: string; highlighted: boolean }) {
  const [open, setOpen] = useState(highlighted);
  // The run an upload just wrote opens on its details, also when its row was already shown.
  useEffect(() => {
    if (highlighted) setOpen(true);
  }, [highlighted]);
  const detailsId = `sync-log-${log.id}-details`;
  const when = formatDateTime(log.executedAt, timeZone);
  const viewerId = useViewer().data?.id ?? null;
  const details = describeLogDetails(log.details, (date) => formatDateTime(date, timeZone), viewerId);
  return (
    <Fragment>
      <tr className={cx(highlighted && 'bg-accent/60')}>
        <td className={cx(tdClass, 'w-0 py-2 pr-0')}>
          <Button
            variant="ghost"
            size="icon"
            className="size-8"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
          >
            <ChevronDownIcon className={cx('size-4 transition-transform', open ? 'rotate-0' : '-rotate-90')} />
            <span className="sr-only">
              {open ? 'Hide' : 'Show'} details of the sync at {when}
            </span>
          </Button>
        </td>
        <td className={cx(tdClass, 'whitespace-nowrap')}>
          <time dateTime={log.executedAt.toISOString()}>{when}</time>
          {highlighted ? (
            <Badge tone="brand" className="ml-2">
              Your upload
            </Badge>
          ) : null}
        </td>
        <td className={tdClass}>{communityLabels[log.community]}</td>
        <td className={cx(tdClass, 'whitespace-nowrap')}>{sourceLabel(log.source)}</td>
        <td className={tdClass}>
          {log.success ? <Badge tone="success">Succeeded</Badge> : <Badge tone="danger">Failed</Badge>}
        </td>
        <td className={cx(tdClass, numericClass)}>{formatCount(log.membersFound)}</td>
        <td className={cx(tdClass, numericClass)}>{formatCount(log.newMembers)}</td>
        <td className={cx(tdClass, numericClass)}>{formatCount(log.cancelledMembers)}</td>
        <td className={cx(tdClass, numericClass, 'whitespace-nowrap')}>{formatDuration(log.syncDurationMs)}</td>
      </tr>
      <tr id={detailsId} hidden={!open}>
        <td colSpan={COLUMNS} className="border-t border-dashed border-border bg-muted/30 px-4 py-4">
          <div className="flex flex-col gap-4">
            {log.errorMessage ? (
              <p className="text-sm text-danger">
                <span className="font-medium">Why it failed: </span>
                {log.errorMessage}
              </p>
            ) : null}
            {details.counts.length > 0 ? (
              <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4">
                {details.counts.map((item) => (
                  <div key={item.label} className="flex flex-col">
                    <dt className="text-xs text-muted-foreground">{item.label}</dt>
                    <dd className="font-medium tabular-nums">{item.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {details.facts.length > 0 ? (
              <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
                {details.facts.map((item) => (
                  <div key={item.label} className="flex min-w-0 flex-col">
                    <dt className="text-xs text-muted-foreground">{item.label}</dt>
                    <dd className="break-words">{item.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {details.lists.map((list) => (
              <div key={list.title}>
                <p className="text-xs text-muted-foreground">{list.title}</p>
                <ul className="mt-1 list-disc pl-5">
                  {list.items.map((line) => (
                    <li key={line} className="break-words">
                      {line}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {details.counts.length + details.facts.length + details.lists.length === 0 && !log.errorMessage ? (
              <p className="text-sm text-muted-foreground">No further details were recorded.</p>
            ) : null}
          </div>
        </td>
      </tr>
    </Fragment>
  );
}
