import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { XIcon } from 'lucide-react';
import { useRef, useState } from 'react';
import { AdminTable, AdminTableHead, tdClass } from '../../../components/admin/AdminTable';
import { useCursorPages } from '../../../components/admin/cursor-pages';
import { Pager } from '../../../components/admin/Pager';
import { Button } from '../../../components/ui/Button';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import { LoadingState } from '../../../components/ui/LoadingState';
import { cx } from '../../../lib/class-names';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import { CommunityFilter } from './CommunityFilter';
import { StatusChange } from './StatusChange';
import { communityLabels } from './skool-labels';
import type { Community, MembershipChange } from './skool-types';

const PAGE_SIZE = 25;

type Member = MembershipChange['user'];

/** MembershipStatusHistory, newest first: everyone's, one community's, or one member's. */
export function MembershipHistory({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const [community, setCommunity] = useState<Community | ''>('');
  const [member, setMember] = useState<Member | null>(null);
  const pages = useCursorPages<string>();
  const tableTop = useRef<HTMLDivElement>(null);
  const history = useQuery(
    trpc.admin.skool.membershipHistory.queryOptions(
      { community: community || undefined, userId: member?.id, limit: PAGE_SIZE, cursor: pages.cursor },
      { placeholderData: keepPreviousData },
    ),
  );

  const chooseMember = (next: Member | null) => {
    setMember(next);
    pages.reset();
    // The filter's own controls sit above the table: take the reader there.
    tableTop.current?.focus();
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <CommunityFilter
          value={community}
          onChange={(next) => {
            setCommunity(next);
            pages.reset();
          }}
          className="sm:w-64"
        />
        <div
          ref={tableTop}
          tabIndex={-1}
          className="flex min-h-10 flex-1 items-center rounded-lg text-sm focus:outline-none"
          aria-live="polite"
        >
          {member ? (
            <span className="inline-flex max-w-full items-center gap-2 rounded-full bg-accent py-1 pr-1 pl-3 text-accent-foreground">
              <span className="truncate">
                Only <strong className="font-medium">{member.displayName}</strong> ({member.email})
              </span>
              <Button variant="ghost" size="icon" className="size-7 rounded-full" onClick={() => chooseMember(null)}>
                <XIcon className="size-4" />
                <span className="sr-only">Show every member’s changes</span>
              </Button>
            </span>
          ) : (
            <span className="text-muted-foreground">Choose a member’s name to see only their changes.</span>
          )}
        </div>
      </div>

      {history.isPending ? (
        <LoadingState label="Loading membership changes…" />
      ) : history.isError ? (
        <ErrorState
          error={history.error}
          title="Could not load the membership history"
          onRetry={() => history.refetch()}
        />
      ) : history.data.items.length === 0 ? (
        <EmptyState
          title="No membership changes"
          description={
            member || community
              ? 'Nothing matches these filters.'
              : 'Each time a sync finds that a member joined, cancelled, lapsed or came back, it is recorded here.'
          }
        />
      ) : (
        <>
          <AdminTable
            caption={`Membership changes, newest first${member ? `, for ${member.displayName}` : ''}${
              pages.page > 1 ? ` (page ${pages.page})` : ''
            }`}
            hideCaption
          >
            <AdminTableHead columns={['When', 'Member', 'Community', 'Change']} />
            <tbody aria-busy={history.isPlaceholderData || undefined}>
              {history.data.items.map((change) => (
                <tr key={change.id}>
                  <td className={cx(tdClass, 'whitespace-nowrap')}>
                    <time dateTime={change.changeDetectedAt.toISOString()}>
                      {formatDateTime(change.changeDetectedAt, timeZone)}
                    </time>
                  </td>
                  <td className={cx(tdClass, 'min-w-56')}>
                    {member ? (
                      <MemberName user={change.user} />
                    ) : (
                      <button
                        type="button"
                        className="rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                        onClick={() => chooseMember(change.user)}
                      >
                        <MemberName user={change.user} />
                        <span className="sr-only">: show only this member’s changes</span>
                      </button>
                    )}
                  </td>
                  <td className={tdClass}>{communityLabels[change.community]}</td>
                  <td className={tdClass}>
                    <StatusChange from={change.previousStatus} to={change.newStatus} />
                  </td>
                </tr>
              ))}
            </tbody>
          </AdminTable>
          <Pager
            label="Membership history pages"
            position={`Page ${pages.page}`}
            busy={history.isFetching}
            onPrevious={pages.page > 1 ? pages.newer : null}
            onNext={
              history.data.nextCursor ? () => history.data.nextCursor && pages.older(history.data.nextCursor) : null
            }
          />
        </>
      )}
    </div>
  );
}

function MemberName({ user }: { user: Member }) {
  return (
    <span className="flex flex-col">
      <span className="font-medium text-foreground">
        {user.displayName}
        {user.deleted ? <span className="ml-1 text-xs font-normal text-muted-foreground">(deleted)</span> : null}
      </span>
      <span className="text-xs break-all text-muted-foreground">{user.email}</span>
    </span>
  );
}
