import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { SavedStatus } from '../../../components/scheduling/SavedStatus';
import { useViewerTimeZone } from '../../../components/scheduling/use-time-zone';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { ErrorState } from '../../../components/ui/ErrorState';
import { FormField } from '../../../components/ui/FormField';
import { LoadingState } from '../../../components/ui/LoadingState';
import { Select } from '../../../components/ui/Select';
import type { RouterOutputs } from '../../../lib/api-types';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';

type Person = RouterOutputs['admin']['users']['get'];
type Relationship = RouterOutputs['admin']['relationships']['of'][number];

const origins: Record<Relationship['origin'], string> = {
  client_booking: 'the client booked',
  admin: 'an admin linked them',
};

/**
 * A person's coach–client relationships (as coach or as client): whether each grants access
 * now, ending a live one, and linking a new one. Coaches and clients only.
 */
export function Relationships({ person }: { person: Person }) {
  const trpc = useTRPC();
  const timeZone = useViewerTimeZone();
  const relationships = useQuery(trpc.admin.relationships.of.queryOptions({ userId: person.id }));
  if (person.role === 'admin') {
    return <p className="text-sm text-muted-foreground">Admins have no coach–client relationships.</p>;
  }
  return (
    <div className="flex flex-col gap-5">
      {relationships.isPending ? (
        <LoadingState label="Loading relationships…" />
      ) : relationships.isError ? (
        <ErrorState
          error={relationships.error}
          title="Could not load the relationships"
          onRetry={() => relationships.refetch()}
        />
      ) : relationships.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">None yet.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-border rounded-xl border border-border" aria-label="Relationships">
          {relationships.data.map((r) => (
            <RelationshipRow key={r.id} relationship={r} personId={person.id} timeZone={timeZone} />
          ))}
        </ul>
      )}
      {person.deletedAt ? null : <LinkForm person={person} />}
    </div>
  );
}

function RelationshipRow({
  relationship: r,
  personId,
  timeZone,
}: {
  relationship: Relationship;
  personId: string;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const end = useMutation(
    trpc.admin.relationships.end.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.admin.relationships.pathFilter()),
    }),
  );
  const other = r.coach.id === personId ? r.client : r.coach;
  const otherRole = r.coach.id === personId ? 'client' : 'coach';
  return (
    <li className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0 text-sm">
        <p>
          <span className="text-muted-foreground">With {otherRole} </span>
          <Link
            to="/admin/users/$userId"
            params={{ userId: other.id }}
            className="font-medium text-primary underline-offset-2 hover:underline"
          >
            {other.displayName}
          </Link>
        </p>
        <p className="text-muted-foreground">
          Since {formatDateTime(r.createdAt, timeZone)} ({origins[r.origin]})
          {r.endedAt ? `, ended ${formatDateTime(r.endedAt, timeZone)}` : ''}
        </p>
        {end.isError ? (
          <p role="alert" className="font-medium text-danger">
            {errorMessage(end.error)}
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 items-center gap-3">
        {r.grantsAccess ? <Badge tone="success">Grants access</Badge> : <Badge>No access</Badge>}
        {r.endedAt ? null : (
          <Button
            variant="outline"
            size="sm"
            disabled={end.isPending}
            onClick={() => end.mutate({ coachId: r.coach.id, clientId: r.client.id })}
          >
            {end.isPending ? 'Ending…' : 'End'}
            <span className="sr-only"> the relationship with {other.displayName}</span>
          </Button>
        )}
      </div>
    </li>
  );
}

/** Links this coach to a client, or this client to a coach. */
function LinkForm({ person }: { person: Person }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isCoach = person.role === 'coach';
  // For a coach: every client (an admin's "my clients" is everyone); for a client: every coach.
  const clients = useQuery({ ...trpc.user.myClients.queryOptions(), enabled: isCoach });
  const coaches = useQuery({ ...trpc.admin.coaches.list.queryOptions(), enabled: !isCoach });
  const options = isCoach
    ? (clients.data ?? []).map((c) => ({ id: c.id, name: c.displayName }))
    : (coaches.data ?? []).map((c) => ({ id: c.id, name: c.name }));
  const [otherId, setOtherId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const link = useMutation(trpc.admin.relationships.link.mutationOptions());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (!otherId) return setError(isCoach ? 'Choose a client to link' : 'Choose a coach to link');
    setError(null);
    link.mutate(isCoach ? { coachId: person.id, clientId: otherId } : { coachId: otherId, clientId: person.id }, {
      onSuccess: async () => {
        setSaved(`Linked with ${options.find((o) => o.id === otherId)?.name ?? 'them'}.`);
        setOtherId('');
        await queryClient.invalidateQueries(trpc.admin.relationships.pathFilter());
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={isCoach ? 'Link a client' : 'Link a coach'}
      className="flex flex-wrap items-end gap-3"
    >
      <FormField label={isCoach ? 'Link a client' : 'Link a coach'} className="w-64" error={error}>
        {(control) => (
          <Select {...control} value={otherId} onChange={(event) => setOtherId(event.target.value)}>
            <option value="">{isCoach ? 'Choose a client…' : 'Choose a coach…'}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <Button type="submit" variant="outline" disabled={link.isPending}>
        {link.isPending ? 'Linking…' : 'Link'}
      </Button>
      <SavedStatus message={saved} />
    </form>
  );
}
