import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useViewer } from '../../auth/viewer';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { useTRPC } from '../../trpc';
import { GoalList, NewGoalForm } from './GoalList';

/** The client's goals and their progress over time; achieved and abandoned ones stay as history. */
export function GoalsPage() {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const goals = useQuery(trpc.coaching.goals.list.queryOptions({}));
  return (
    <section className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <title>Goals · HybridCoach</title>
      <h1 className="text-3xl font-semibold tracking-tight">Your goals</h1>
      <p className="mt-2 text-sm text-muted-foreground">
        What you are working towards. Your coach records your progress after your sessions.{' '}
        <Link to="/homework" className="font-medium underline">
          Your homework
        </Link>
      </p>
      <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div>
          {goals.isPending ? (
            <LoadingState label="Loading your goals…" />
          ) : goals.isError ? (
            <ErrorState error={goals.error} title="Could not load your goals" onRetry={() => goals.refetch()} />
          ) : (
            <GoalList goals={goals.data} timeZone={viewer?.timezone ?? 'UTC'} canRecord={false} />
          )}
        </div>
        <Card>
          <CardHeader>
            <CardTitle as="h2">New goal</CardTitle>
          </CardHeader>
          <CardContent>
            <NewGoalForm />
          </CardContent>
        </Card>
      </div>
    </section>
  );
}
