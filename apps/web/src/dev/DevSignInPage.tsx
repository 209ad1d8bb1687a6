import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { safeRedirectTarget } from '../auth/redirect-target';
import { type Role, refreshViewer, roleLabels } from '../auth/viewer';
import { Alert } from '../components/ui/Alert';
import { Avatar } from '../components/ui/Avatar';
import { Badge } from '../components/ui/Badge';
import { EmptyState } from '../components/ui/EmptyState';
import { ErrorState } from '../components/ui/ErrorState';
import { LoadingState } from '../components/ui/LoadingState';
import { Spinner } from '../components/ui/Spinner';
import { errorMessage } from '../lib/error-message';
import { useTRPC } from '../trpc';

const route = getRouteApi('/dev/sign-in');
const roleOrder: Role[] = ['admin', 'coach', 'client'];
const groupTitles: Record<Role, string> = { admin: 'Admins', coach: 'Coaches', client: 'Clients' };

/** Development sign-in: one click signs in as anyone in the database. Not in production builds. */
export function DevSignInPage() {
  const { redirect } = route.useSearch();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const users = useQuery(trpc.dev.users.queryOptions());
  const signInAs = useMutation(
    trpc.dev.signInAs.mutationOptions({
      onSuccess: async (result) => {
        queryClient.removeQueries({ type: 'inactive' });
        await refreshViewer(queryClient);
        await navigate({ href: result.needsOnboarding ? '/onboarding' : safeRedirectTarget(redirect) });
      },
    }),
  );

  return (
    <section className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <title>Development sign-in · HybridCoach</title>
      <Badge tone="warning">Development only</Badge>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight">Development sign-in</h1>
      <p className="mt-2 text-muted-foreground">
        Sign in as anyone in this database with one click, to try each role. This page does not exist in production.
        Real members use{' '}
        <Link to="/sign-in" className="font-medium text-primary underline-offset-2 hover:underline">
          email codes or Google
        </Link>
        .
      </p>
      {signInAs.isError ? (
        <Alert tone="danger" role="alert" title="Could not sign in" className="mt-6">
          {errorMessage(signInAs.error)}
        </Alert>
      ) : null}
      <div className="mt-8">
        {users.isPending ? (
          <LoadingState label="Loading users…" />
        ) : users.isError ? (
          <ErrorState error={users.error} title="Could not load the users" onRetry={() => users.refetch()} />
        ) : users.data.length === 0 ? (
          <EmptyState title="Nobody to sign in as" description="Seed the database first: npm run db:seed." />
        ) : (
          <div className="flex flex-col gap-8">
            {roleOrder.map((role) => {
              const group = users.data.filter((user) => user.role === role);
              if (group.length === 0) return null;
              return (
                <section key={role} aria-labelledby={`dev-users-${role}`}>
                  <h2 id={`dev-users-${role}`} className="text-lg font-semibold tracking-tight">
                    {groupTitles[role]} <span className="font-normal text-muted-foreground">({group.length})</span>
                  </h2>
                  <ul className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-2">
                    {group.map((user) => {
                      const pending = signInAs.isPending && signInAs.variables?.userId === user.id;
                      return (
                        <li key={user.id}>
                          <button
                            type="button"
                            disabled={signInAs.isPending}
                            onClick={() => signInAs.mutate({ userId: user.id })}
                            className="flex w-full items-center gap-3 rounded-xl border border-border bg-card p-3 text-left transition-colors hover:border-brand-300 hover:bg-accent/60 focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-60 dark:hover:border-brand-700"
                          >
                            <Avatar name={user.displayName} src={null} size="sm" className="size-10" />
                            <span className="flex min-w-0 flex-1 flex-col">
                              <span className="truncate font-medium">
                                <span className="sr-only">Sign in as </span>
                                {user.displayName}
                              </span>
                              <span className="truncate text-sm text-muted-foreground">{user.email}</span>
                            </span>
                            {pending ? (
                              <Spinner className="size-4 text-primary" label="Signing in" />
                            ) : (
                              <Badge tone={role === 'client' ? 'neutral' : 'brand'}>{roleLabels[role]}</Badge>
                            )}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
