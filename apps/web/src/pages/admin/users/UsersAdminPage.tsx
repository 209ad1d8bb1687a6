import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { SearchIcon } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { roleLabels } from '../../../auth/viewer';
import { AdminTable, AdminTableHead, tdClass } from '../../../components/admin/AdminTable';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { Pager } from '../../../components/admin/Pager';
import { useViewerTimeZone } from '../../../components/scheduling/use-time-zone';
import { Avatar } from '../../../components/ui/Avatar';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import { FormField } from '../../../components/ui/FormField';
import { Input } from '../../../components/ui/Input';
import { LoadingState } from '../../../components/ui/LoadingState';
import { Select } from '../../../components/ui/Select';
import type { RouterOutputs } from '../../../lib/api-types';
import { cx } from '../../../lib/class-names';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import type { UserRoleFilter, UserStatusFilter } from './users-search';

const route = getRouteApi('/signed-in/admin-only/admin/users');
const PAGE_SIZE = 25;
const COLUMNS = ['Person', 'Role', 'Coach level', 'Status', 'Last sign-in'];

type Person = RouterOutputs['admin']['users']['list']['items'][number];

/** Everyone with an account: find a person by name or email, then open them to change things. */
export function UsersAdminPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const timeZone = useViewerTimeZone();
  const [text, setText] = useState(search.q ?? '');
  const page = search.page ?? 1;
  const status = search.status ?? 'active';
  const users = useQuery(
    trpc.admin.users.list.queryOptions(
      { search: search.q, role: search.role, status, limit: PAGE_SIZE, cursor: (page - 1) * PAGE_SIZE || null },
      { placeholderData: keepPreviousData },
    ),
  );
  const go = (next: Partial<typeof search>) =>
    navigate({ to: '/admin/users', search: { ...search, page: undefined, ...next }, replace: true });
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    void go({ q: text.trim() || undefined });
  };
  const filtered = Boolean(search.q || search.role || search.status);

  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Users · HybridCoach</title>
      <AdminTabs className="mb-6" />
      <h1 className="text-3xl font-semibold tracking-tight">Users</h1>
      <p className="mt-2 max-w-3xl text-muted-foreground">
        Everyone with an account. Open a person to make them an admin, set a coach’s level, see their coach–client
        relationships, or deactivate the account. Every change is in the audit log.
      </p>

      <search aria-label="Find people" className="mt-6">
        <form onSubmit={onSearch} className="grid grid-cols-1 items-end gap-4 sm:grid-cols-[1fr_auto_auto_auto]">
          <FormField label="Name or email">
            {(control) => (
              <Input
                {...control}
                type="search"
                value={text}
                maxLength={100}
                onChange={(event) => setText(event.target.value)}
              />
            )}
          </FormField>
          <FormField label="Role">
            {(control) => (
              <Select
                {...control}
                value={search.role ?? ''}
                onChange={(event) => void go({ role: (event.target.value || undefined) as UserRoleFilter | undefined })}
              >
                <option value="">Any role</option>
                <option value="client">Clients</option>
                <option value="coach">Coaches</option>
                <option value="admin">Admins</option>
              </Select>
            )}
          </FormField>
          <FormField label="Accounts">
            {(control) => (
              <Select
                {...control}
                value={status}
                onChange={(event) =>
                  void go({
                    status: event.target.value === 'active' ? undefined : (event.target.value as UserStatusFilter),
                  })
                }
              >
                <option value="active">Active</option>
                <option value="deactivated">Deactivated</option>
                <option value="all">All</option>
              </Select>
            )}
          </FormField>
          <Button type="submit">
            <SearchIcon className="size-4" />
            Search
          </Button>
        </form>
      </search>

      <div className="mt-6 flex flex-col gap-4">
        {users.isPending ? (
          <LoadingState label="Loading people…" />
        ) : users.isError ? (
          <ErrorState error={users.error} title="Could not load the people" onRetry={() => users.refetch()} />
        ) : users.data.items.length === 0 ? (
          <EmptyState
            title={filtered ? 'Nobody matches' : 'No accounts yet'}
            description={
              filtered ? 'Try another name, email or filter.' : 'People appear here once the Skool sync adds them.'
            }
          />
        ) : (
          <>
            <AdminTable caption={`People, ${formatCount(users.data.total)} found, by name`} hideCaption>
              <AdminTableHead columns={COLUMNS} />
              <tbody aria-busy={users.isPlaceholderData || undefined}>
                {users.data.items.map((person) => (
                  <PersonRow key={person.id} person={person} timeZone={timeZone} />
                ))}
              </tbody>
            </AdminTable>
            <Pager
              label="Pages of people"
              position={`${formatCount((page - 1) * PAGE_SIZE + 1)}–${formatCount(
                (page - 1) * PAGE_SIZE + users.data.items.length,
              )} of ${formatCount(users.data.total)}`}
              previousLabel="Previous"
              nextLabel="Next"
              busy={users.isFetching}
              onPrevious={page > 1 ? () => void go({ page: page - 1 > 1 ? page - 1 : undefined }) : null}
              onNext={users.data.nextCursor !== null ? () => void go({ page: page + 1 }) : null}
            />
          </>
        )}
      </div>
    </section>
  );
}

function PersonRow({ person, timeZone }: { person: Person; timeZone: string }) {
  return (
    <tr>
      <td className={tdClass}>
        <div className="flex items-center gap-3">
          <Avatar name={person.displayName} src={person.profilePhotoPath} size="sm" />
          <div className="min-w-0">
            <Link
              to="/admin/users/$userId"
              params={{ userId: person.id }}
              className="font-medium text-primary underline-offset-2 hover:underline"
            >
              {person.displayName}
            </Link>
            <p className="text-xs break-all text-muted-foreground">{person.email}</p>
          </div>
        </div>
      </td>
      <td className={tdClass}>
        <Badge tone={person.role === 'admin' ? 'brand' : 'neutral'}>{roleLabels[person.role]}</Badge>
      </td>
      <td className={cx(tdClass, 'tabular-nums')}>
        {person.role === 'coach' ? (person.coachLevel === null ? 'None' : `Level ${person.coachLevel}`) : '—'}
      </td>
      <td className={tdClass}>
        {person.deletedAt ? <Badge tone="danger">Deactivated</Badge> : <Badge tone="success">Active</Badge>}
      </td>
      <td className={cx(tdClass, 'whitespace-nowrap text-muted-foreground')}>
        {person.lastLoginAt ? formatDateTime(person.lastLoginAt, timeZone) : 'Never'}
      </td>
    </tr>
  );
}
