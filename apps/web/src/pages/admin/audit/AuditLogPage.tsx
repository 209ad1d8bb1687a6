import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AdminTable, AdminTableHead, tdClass } from '../../../components/admin/AdminTable';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { useCursorPages } from '../../../components/admin/cursor-pages';
import { Pager } from '../../../components/admin/Pager';
import { useViewerTimeZone } from '../../../components/scheduling/use-time-zone';
import { Badge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import { FormField } from '../../../components/ui/FormField';
import { LoadingState } from '../../../components/ui/LoadingState';
import { Select } from '../../../components/ui/Select';
import type { RouterOutputs } from '../../../lib/api-types';
import { cx } from '../../../lib/class-names';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import { auditActionLabels, auditDetail } from './audit-labels';

type Entry = RouterOutputs['admin']['auditLog']['items'][number];
const PAGE_SIZE = 50;
const COLUMNS = ['When', 'What', 'Whose', 'By', 'Details'];

/** The audit log: sign-ins, role changes, relationships, and every read of someone's health data. */
export function AuditLogPage() {
  const trpc = useTRPC();
  const timeZone = useViewerTimeZone();
  const [action, setAction] = useState('');
  const [client, setClient] = useState('');
  const pages = useCursorPages<string>();
  const clients = useQuery(trpc.user.myClients.queryOptions());
  const log = useQuery(
    trpc.admin.auditLog.queryOptions(
      { action: action || undefined, userId: client || undefined, limit: PAGE_SIZE, cursor: pages.cursor },
      { placeholderData: keepPreviousData },
    ),
  );
  const filtered = action !== '' || client !== '';

  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Audit log · HybridCoach</title>
      <AdminTabs className="mb-6" />
      <h1 className="text-3xl font-semibold tracking-tight">Audit log</h1>
      <p className="mt-2 max-w-3xl text-muted-foreground">
        Who signed in, whose role or relationship changed, and who read a member’s health data (intake, context,
        transcripts), newest first.
      </p>
      <fieldset className="mt-6 grid grid-cols-1 gap-4 sm:grid-cols-2">
        <legend className="sr-only">Filter the audit log</legend>
        <FormField label="What">
          {(control) => (
            <Select
              {...control}
              value={action}
              onChange={(e) => {
                setAction(e.target.value);
                pages.reset();
              }}
            >
              <option value="">Everything</option>
              {Object.entries(auditActionLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Whose">
          {(control) => (
            <Select
              {...control}
              value={client}
              onChange={(e) => {
                setClient(e.target.value);
                pages.reset();
              }}
            >
              <option value="">Anyone</option>
              {(clients.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </fieldset>
      <div className="mt-6">
        {log.isPending ? (
          <LoadingState label="Loading the audit log…" />
        ) : log.isError ? (
          <ErrorState error={log.error} title="Could not load the audit log" onRetry={() => log.refetch()} />
        ) : log.data.items.length === 0 ? (
          <EmptyState
            title={filtered ? 'Nothing matches these filters' : 'Nothing recorded yet'}
            description={filtered ? 'Try another action or member.' : 'Sign-ins and reads of health data appear here.'}
          />
        ) : (
          <>
            <AdminTable caption="Audit log, newest first" hideCaption>
              <AdminTableHead columns={COLUMNS} />
              <tbody aria-busy={log.isPlaceholderData || undefined}>
                {log.data.items.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} timeZone={timeZone} />
                ))}
              </tbody>
            </AdminTable>
            <Pager
              label="Audit log pages"
              position={`Page ${pages.page}`}
              busy={log.isFetching}
              onPrevious={pages.page > 1 ? pages.newer : null}
              onNext={log.data.nextCursor ? () => log.data.nextCursor && pages.older(log.data.nextCursor) : null}
            />
          </>
        )}
      </div>
    </section>
  );
}

function EntryRow({ entry, timeZone }: { entry: Entry; timeZone: string }) {
  const read = entry.action === 'data.read';
  return (
    <tr>
      <td className={cx(tdClass, 'whitespace-nowrap')}>
        <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt, timeZone)}</time>
      </td>
      <td className={tdClass}>
        <Badge tone={read ? 'brand' : 'neutral'}>{auditActionLabels[entry.action] ?? entry.action}</Badge>
      </td>
      <td className={tdClass}>{entry.user?.displayName ?? '—'}</td>
      <td className={tdClass}>{entry.actor ? `${entry.actor.displayName} (${entry.actor.role})` : 'a service'}</td>
      <td className={cx(tdClass, 'text-muted-foreground')}>{auditDetail(entry.metadata, entry.ipAddress)}</td>
    </tr>
  );
}
