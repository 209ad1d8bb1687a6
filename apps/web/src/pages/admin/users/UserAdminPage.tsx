import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { roleLabels, useViewer } from '../../../auth/viewer';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { useViewerTimeZone } from '../../../components/scheduling/use-time-zone';
import { Alert } from '../../../components/ui/Alert';
import { Avatar } from '../../../components/ui/Avatar';
import { Badge } from '../../../components/ui/Badge';
import { Breadcrumbs, crumbClass } from '../../../components/ui/Breadcrumbs';
import { Button } from '../../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../../components/ui/Card';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Detail } from '../../../components/ui/Detail';
import { ErrorState } from '../../../components/ui/ErrorState';
import { LoadingState } from '../../../components/ui/LoadingState';
import type { RouterOutputs } from '../../../lib/api-types';
import { errorMessage } from '../../../lib/error-message';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import { CoachLevelForm } from '../coaches/CoachLevelForm';
import { Relationships } from './Relationships';

const route = getRouteApi('/signed-in/admin-only/admin/users/$userId');

type Person = RouterOutputs['admin']['users']['get'];

const statusLabels: Record<string, string> = { active: 'Active', cancelled: 'Cancelled', expired: 'Expired' };

/** One person for an admin: who they are, their memberships and sessions, and what can be changed. */
export function UserAdminPage() {
  const { userId } = route.useParams();
  const trpc = useTRPC();
  const person = useQuery(trpc.admin.users.get.queryOptions({ userId }));
  return (
    <section className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      {person.data ? null : <title>User · HybridCoach</title>}
      <AdminTabs className="mb-6" />
      <Breadcrumbs current={person.data?.displayName ?? 'User'}>
        <Link to="/admin/users" className={crumbClass}>
          Users
        </Link>
      </Breadcrumbs>
      {person.isPending ? (
        <LoadingState label="Loading this person…" className="mt-8" />
      ) : person.isError ? (
        // A missing person stays missing: no "Try again" that cannot help.
        <ErrorState error={person.error} title="Could not load this person" className="mt-8" />
      ) : (
        <PersonDetail person={person.data} />
      )}
    </section>
  );
}

function PersonDetail({ person }: { person: Person }) {
  const timeZone = useViewerTimeZone();
  const viewer = useViewer().data;
  const self = viewer?.id === person.id;
  const memberships = [
    { label: 'Ultra (coaches)', status: person.ultraSubscriptionStatus, email: person.skoolUltraEmail },
    { label: 'Vagus (clients)', status: person.vagusSubscriptionStatus, email: person.skoolVagusEmail },
  ];
  return (
    <>
      <title>{`${person.displayName} · Users · HybridCoach`}</title>
      <header className="mt-6 flex flex-wrap items-center gap-4">
        <Avatar name={person.displayName} src={person.profilePhotoPath} size="lg" />
        <div className="min-w-0 flex-1">
          <h1 className="text-3xl font-semibold tracking-tight">{person.displayName}</h1>
          <p className="break-all text-muted-foreground">{person.email}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Badge tone={person.role === 'admin' ? 'brand' : 'neutral'}>{roleLabels[person.role]}</Badge>
          {person.deletedAt ? <Badge tone="danger">Deactivated</Badge> : <Badge tone="success">Active</Badge>}
        </div>
      </header>

      <Card className="mt-8">
        <CardContent>
          <dl className="grid grid-cols-1 gap-5 text-sm sm:grid-cols-2">
            <Detail label="Account since">{formatDateTime(person.createdAt, timeZone)}</Detail>
            <Detail label="Last sign-in">
              {person.lastLoginAt ? formatDateTime(person.lastLoginAt, timeZone) : 'Never'}
            </Detail>
            <Detail label="Time zone">{person.timezone}</Detail>
            <Detail label="Sessions">
              {formatCount(person.appointments.upcoming)} upcoming, {formatCount(person.appointments.completed)}{' '}
              completed, {formatCount(person.appointments.cancelled)} cancelled
            </Detail>
            {memberships.map((m) => (
              <Detail key={m.label} label={m.label}>
                {m.status ? statusLabels[m.status] : 'Not a member'}
                {m.status === 'cancelled' && person.membershipEndDate
                  ? `, access until ${formatDateTime(person.membershipEndDate, timeZone)}`
                  : ''}
                {m.email && m.email !== person.email ? ` (as ${m.email})` : ''}
              </Detail>
            ))}
            {person.deletedAt ? (
              <Detail label="Deactivated">{formatDateTime(person.deletedAt, timeZone)}</Detail>
            ) : null}
          </dl>
        </CardContent>
      </Card>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle as="h2">Role</CardTitle>
          <CardDescription>
            Coach and client follow the Skool memberships: active Ultra members coach, Vagus members book. Admin is
            given here (or by the server’s configuration).
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          <AdminRole person={person} self={self} />
          {person.role === 'coach' ? (
            <CoachLevelForm coachId={person.id} coachName={person.displayName} level={person.coachLevel} />
          ) : null}
        </CardContent>
      </Card>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle as="h2">Coach–client relationships</CardTitle>
          <CardDescription>
            A coach sees a client’s intake, context and notes only while a relationship grants access.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Relationships person={person} />
        </CardContent>
      </Card>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle as="h2">Account</CardTitle>
        </CardHeader>
        <CardContent>
          <Deactivation person={person} self={self} />
        </CardContent>
      </Card>
    </>
  );
}

/** Make admin / remove admin, or why it cannot be changed here. */
function AdminRole({ person, self }: { person: Person; self: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setAdmin = useMutation(
    trpc.admin.users.setAdmin.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.admin.users.pathFilter()),
    }),
  );
  const isAdmin = person.role === 'admin';
  const why = person.deletedAt
    ? 'Reactivate the account to change its role.'
    : isAdmin && person.adminByConfiguration
      ? 'An admin by the server’s configuration: only that can change it.'
      : isAdmin && self
        ? 'You cannot take away your own admin role; another admin can.'
        : null;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="outline"
          disabled={why !== null || setAdmin.isPending}
          aria-describedby={why ? 'admin-role-why' : undefined}
          onClick={() => setAdmin.mutate({ userId: person.id, admin: !isAdmin })}
        >
          {setAdmin.isPending ? 'Saving…' : isAdmin ? 'Remove admin role' : 'Make admin'}
        </Button>
        {why ? (
          <p id="admin-role-why" className="text-sm text-muted-foreground">
            {why}
          </p>
        ) : null}
      </div>
      {setAdmin.isError ? (
        <p role="alert" className="text-sm font-medium text-danger">
          {errorMessage(setAdmin.error)}
        </p>
      ) : null}
    </div>
  );
}

/** Deactivate (with a confirmation that says what it does) or reactivate the account. */
function Deactivation({ person, self }: { person: Person; self: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const change = useMutation(
    trpc.admin.users.setDeactivated.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.admin.users.pathFilter()),
    }),
  );
  if (person.deletedAt) {
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm">This account is deactivated: the person cannot sign in.</p>
        <div>
          <Button
            variant="outline"
            disabled={change.isPending}
            onClick={() => change.mutate({ userId: person.id, deactivated: false })}
          >
            {change.isPending ? 'Reactivating…' : 'Reactivate account'}
          </Button>
        </div>
        {change.isError ? <Alert tone="danger">{errorMessage(change.error)}</Alert> : null}
      </div>
    );
  }
  if (self)
    return <p className="text-sm text-muted-foreground">This is your own account; another admin can deactivate it.</p>;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-muted-foreground">
        A deactivated person is signed out everywhere at once and cannot sign in. Their history stays; the Skool sync
        does not bring them back.
      </p>
      <ConfirmDialog
        trigger={
          <Button variant="danger" className="self-start">
            Deactivate account
          </Button>
        }
        title={`Deactivate ${person.displayName}?`}
        description="They are signed out everywhere and cannot sign in until an admin reactivates the account."
        keepLabel="Keep the account"
        confirmLabel="Deactivate"
        pendingLabel="Deactivating…"
        action={change}
        onConfirm={(close) => change.mutate({ userId: person.id, deactivated: true }, { onSuccess: close })}
      >
        {person.appointments.upcoming > 0 ? (
          <Alert tone="info" title="Upcoming sessions stay booked">
            {person.displayName} has {formatCount(person.appointments.upcoming)} upcoming{' '}
            {person.appointments.upcoming === 1 ? 'session' : 'sessions'}. Cancel them from their appointment pages if
            they will not take place.
          </Alert>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
