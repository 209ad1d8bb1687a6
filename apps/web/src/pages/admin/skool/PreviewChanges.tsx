import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AdminTable, AdminTableHead, tdClass } from '../../../components/admin/AdminTable';
import { Pager } from '../../../components/admin/Pager';
import { Alert } from '../../../components/ui/Alert';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import { FormField } from '../../../components/ui/FormField';
import { LoadingState } from '../../../components/ui/LoadingState';
import { Select } from '../../../components/ui/Select';
import { cx } from '../../../lib/class-names';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import { PREVIEW_PAGE_SIZE } from './csv-errors';
import { StatusChange } from './StatusChange';
import { changeKindLabels, changeKindTones } from './skool-labels';
import type { CsvPreview, MemberChange, MemberChangeKind } from './skool-types';

const roleLabels = { client: 'Client', coach: 'Coach', admin: 'Admin' } as const;

/** Columns besides status, role and Skool email that a change touches, as a person reads them. */
const fieldLabels: Record<string, string> = {
  membershipWarningShown: 'grace warning reset',
  skoolProfileUrl: 'profile link',
  skoolProfilePhotoUrl: 'photo',
  skoolBio: 'bio',
  skoolJoinedDate: 'join date',
};

/** A preview's per-member changes, paged and filtered by kind, diffed against the users as they are now. */
export function PreviewChanges({
  preview,
  timeZone,
  previewingAgain,
  onPreviewAgain,
}: {
  preview: CsvPreview;
  timeZone: string;
  previewingAgain: boolean;
  onPreviewAgain: () => void;
}) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<MemberChangeKind | ''>('');
  const [offset, setOffset] = useState(0);
  const firstPage = kind === '' && offset === 0;
  const changes = useQuery(
    trpc.admin.skool.previewChanges.queryOptions(
      { previewId: preview.previewId, kind: kind || null, offset, limit: PREVIEW_PAGE_SIZE },
      {
        placeholderData: keepPreviousData,
        // The first page came with the preview; the query still checks it against the users now.
        initialData: firstPage
          ? { changes: preview.changes, total: preview.changesTotal, stillCurrent: true }
          : undefined,
        initialDataUpdatedAt: firstPage ? preview.createdAt.getTime() : undefined,
      },
    ),
  );

  const data = changes.data;
  const from = data && data.total > 0 ? offset + 1 : 0;
  const to = data ? offset + data.changes.length : 0;

  return (
    <section aria-labelledby="preview-changes-title" className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <h4 id="preview-changes-title" className="font-semibold">
          Changes by member
        </h4>
        <FormField label="Show" className="sm:w-56">
          {(control) => (
            <Select
              {...control}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as MemberChangeKind | '');
                setOffset(0);
              }}
            >
              <option value="">Every change</option>
              <option value="create">New members</option>
              <option value="update">Updates</option>
              <option value="skip">Skipped</option>
            </Select>
          )}
        </FormField>
      </div>

      {data && !data.stillCurrent ? (
        <Alert tone="danger" role="alert" title="The members changed since this preview">
          <p>Another sync ran after the file was previewed, so applying it would not do what this preview shows.</p>
          <Button variant="outline" size="sm" className="mt-3" disabled={previewingAgain} onClick={onPreviewAgain}>
            {previewingAgain ? 'Previewing…' : 'Preview the file again'}
          </Button>
        </Alert>
      ) : null}

      {changes.isPending ? (
        <LoadingState label="Loading the changes…" />
      ) : changes.isError ? (
        <ErrorState error={changes.error} title="Could not load the changes" onRetry={() => changes.refetch()} />
      ) : changes.data.total === 0 ? (
        <EmptyState
          title={kind ? `No ${changeKindLabels[kind].toLowerCase()} rows` : 'Nothing would change'}
          description={
            kind ? 'Choose “Every change” to see the rest.' : 'Every member in the file is already up to date.'
          }
        />
      ) : (
        <>
          <AdminTable caption={`Changes by member, ${from}–${to} of ${changes.data.total}`} hideCaption>
            <AdminTableHead columns={['Change', 'Member', 'Status', 'Role', 'Also']} />
            <tbody aria-busy={changes.isPlaceholderData || undefined}>
              {changes.data.changes.map((change) => (
                <ChangeRow key={`${change.kind}:${change.email}`} change={change} timeZone={timeZone} />
              ))}
            </tbody>
          </AdminTable>
          <Pager
            label="Pages of changes"
            position={`${from}–${to} of ${changes.data.total}`}
            previousLabel="Previous"
            nextLabel="Next"
            busy={changes.isFetching}
            onPrevious={offset > 0 ? () => setOffset(Math.max(0, offset - PREVIEW_PAGE_SIZE)) : null}
            onNext={to < changes.data.total ? () => setOffset(offset + PREVIEW_PAGE_SIZE) : null}
          />
        </>
      )}
    </section>
  );
}

function ChangeRow({ change, timeZone }: { change: MemberChange; timeZone: string }) {
  const also: string[] = [];
  if (change.skoolEmail) also.push(`Skool email ${change.skoolEmail.from} → ${change.skoolEmail.to}`);
  if (change.graceEndsAt) also.push(`grace period ends ${formatDateTime(change.graceEndsAt, timeZone)}`);
  const others = change.otherFields.map((f) => fieldLabels[f] ?? f);
  if (others.length > 0) also.push(others.join(', '));
  if (change.reason) also.push(change.reason);
  return (
    <tr>
      <td className={tdClass}>
        <Badge tone={changeKindTones[change.kind]}>{changeKindLabels[change.kind]}</Badge>
      </td>
      <td className={cx(tdClass, 'min-w-56')}>
        <span className="flex flex-col">
          {change.displayName ? <span className="font-medium">{change.displayName}</span> : null}
          <span className={cx('break-all', change.displayName && 'text-xs text-muted-foreground')}>{change.email}</span>
        </span>
      </td>
      <td className={tdClass}>
        {change.status ? <StatusChange from={change.status.from} to={change.status.to} /> : <NoChange />}
      </td>
      <td className={cx(tdClass, 'whitespace-nowrap')}>
        {change.role ? (
          <>
            {change.role.from ? roleLabels[change.role.from] : 'None'} <span aria-hidden="true">→</span>
            <span className="sr-only">to</span> {roleLabels[change.role.to]}
          </>
        ) : (
          <NoChange />
        )}
      </td>
      <td className={cx(tdClass, 'min-w-48 text-muted-foreground')}>
        {also.length > 0 ? (
          also.map((line) => (
            <span key={line} className="block first-letter:uppercase">
              {line}
            </span>
          ))
        ) : (
          <NoChange />
        )}
      </td>
    </tr>
  );
}

function NoChange() {
  return (
    <span className="text-muted-foreground">
      <span aria-hidden="true">—</span>
      <span className="sr-only">no change</span>
    </span>
  );
}
