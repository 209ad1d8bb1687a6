import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ArrowRightIcon, UsersIcon } from 'lucide-react';
import { Avatar } from '../../components/ui/Avatar';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { timezoneCity } from '../../lib/format';
import { useTRPC } from '../../trpc';

/** The coach's clients (every client, for an admin), each linking to their context page. */
export function ClientList({ emptyHint }: { emptyHint: string }) {
  const trpc = useTRPC();
  const clients = useQuery(trpc.user.myClients.queryOptions());

  if (clients.isPending) {
    return (
      <ul aria-busy="true" aria-label="Loading clients" className="flex flex-col gap-2">
        {[0, 1, 2].map((n) => (
          <li key={n} className="flex items-center gap-3 rounded-xl border border-border p-3">
            <Skeleton circle className="size-10" />
            <div className="flex flex-1 flex-col gap-2">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-56" />
            </div>
          </li>
        ))}
      </ul>
    );
  }
  if (clients.isError)
    return <ErrorState error={clients.error} title="Could not load your clients" onRetry={() => clients.refetch()} />;
  if (clients.data.length === 0) {
    return <EmptyState icon={<UsersIcon className="size-6" />} title="No clients yet" description={emptyHint} />;
  }
  return (
    <ul className="flex flex-col gap-2">
      {clients.data.map((client) => (
        <li key={client.id}>
          <Link
            to="/clients/$clientId/context"
            params={{ clientId: client.id }}
            className="group flex items-center gap-3 rounded-xl border border-border bg-card p-3 transition-colors hover:border-brand-300 hover:bg-accent/60 dark:hover:border-brand-700"
          >
            <Avatar name={client.displayName} src={client.profilePhotoPath} size="sm" className="size-10" />
            <span className="flex min-w-0 flex-1 flex-col">
              <span className="truncate font-medium">{client.displayName}</span>
              <span className="truncate text-sm text-muted-foreground">
                {client.email} · {timezoneCity(client.timezone)}
              </span>
            </span>
            <span className="hidden text-sm font-medium text-primary sm:inline">Context</span>
            <ArrowRightIcon className="size-4 shrink-0 text-muted-foreground transition-transform group-hover:translate-x-0.5" />
          </Link>
        </li>
      ))}
    </ul>
  );
}
