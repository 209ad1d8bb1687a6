import { useQuery } from '@tanstack/react-query';
import { useViewer } from '../../auth/viewer';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { useTRPC } from '../../trpc';
import { HomeworkList } from './HomeworkList';

/** The client's homework: open first, soonest due first; marking one done tells the coach how it went. */
export function HomeworkPage() {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const homework = useQuery(trpc.coaching.homework.list.queryOptions({}));
  return (
    <section className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <title>Homework · HybridCoach</title>
      <h1 className="text-3xl font-semibold tracking-tight">Your homework</h1>
      <div className="mt-8">
        {homework.isPending ? (
          <LoadingState label="Loading your homework…" />
        ) : homework.isError ? (
          <ErrorState error={homework.error} title="Could not load your homework" onRetry={() => homework.refetch()} />
        ) : (
          <HomeworkList items={homework.data} timeZone={viewer?.timezone ?? 'UTC'} canComplete />
        )}
      </div>
    </section>
  );
}
