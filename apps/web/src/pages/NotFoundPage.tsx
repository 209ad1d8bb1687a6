import { Link } from '@tanstack/react-router';
import { Button } from '../components/ui/Button';

export function NotFoundPage() {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center sm:py-32">
      <title>Page not found · HybridCoach</title>
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight sm:text-4xl">We couldn’t find that page</h1>
      <p className="mt-4 text-muted-foreground">
        The link may be old, or the page may have moved. Nothing you saved is affected.
      </p>
      <Button asChild size="lg" className="mt-8">
        <Link to="/">Back to the home page</Link>
      </Button>
    </section>
  );
}
