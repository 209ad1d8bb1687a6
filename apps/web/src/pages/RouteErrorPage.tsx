import type { ErrorComponentProps } from '@tanstack/react-router';
import { ErrorState } from '../components/ui/ErrorState';

/** Shown in place of a page that failed to load or render; the shell around it stays. */
export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  return (
    <section className="mx-auto max-w-xl px-4 py-24">
      <title>Something went wrong · HybridCoach</title>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">This page could not be shown</h1>
      <ErrorState error={error} title="The page ran into a problem" onRetry={reset} />
    </section>
  );
}
