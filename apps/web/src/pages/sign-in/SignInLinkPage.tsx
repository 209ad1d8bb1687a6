import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { refreshViewer } from '../../auth/viewer';
import { BrandMark } from '../../components/layout/BrandMark';
import { Alert } from '../../components/ui/Alert';
import { buttonClassName } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { Spinner } from '../../components/ui/Spinner';
import { formErrorsFrom } from '../../lib/form-errors';
import { useTRPC } from '../../trpc';

/** The token rides in the fragment (`/sign-in/link#token=…`), which browsers never send to a server. */
function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/**
 * The one-click link of a sign-in email: redeems its token with a POST as soon as the page runs
 * (a link scanner that only fetches the page spends nothing), then goes on like the code step.
 */
export function SignInLinkPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [token] = useState(tokenFromHash);
  const redeem = useMutation(trpc.auth.redeemLink.mutationOptions());
  const started = useRef(false);

  useEffect(() => {
    // Once, even when React runs effects twice: the token works once.
    if (started.current || !token) return;
    started.current = true;
    // The secret leaves the address bar and history before anything else happens.
    window.history.replaceState(null, '', '/sign-in/link');
    redeem.mutate(
      { token },
      {
        onSuccess: async (result) => {
          queryClient.removeQueries({ type: 'inactive' });
          await refreshViewer(queryClient);
          await navigate({ href: result.needsOnboarding ? '/onboarding' : '/dashboard', replace: true });
        },
      },
    );
  }, [token, redeem, queryClient, navigate]);

  const failed = !token || redeem.isError;
  return (
    <section className="mx-auto flex w-full max-w-md flex-col px-4 py-12 sm:py-20">
      <title>{failed ? 'Sign-in link · HybridCoach' : 'Signing in… · HybridCoach'}</title>
      <div className="mb-6 flex flex-col items-center text-center">
        <BrandMark className="size-10" />
        <h1 className="mt-4 text-2xl font-semibold tracking-tight">
          {failed ? 'This sign-in link did not work' : 'Signing you in'}
        </h1>
      </div>
      <Card>
        <CardContent className="flex flex-col gap-5">
          {failed ? (
            <>
              <Alert tone="danger" role="alert">
                {token
                  ? formErrorsFrom(redeem.error, {}).message
                  : 'This page needs the whole link from the sign-in email. Open the link again, or type the code from the same email.'}
              </Alert>
              <Link to="/sign-in" className={buttonClassName({ size: 'lg' })}>
                Ask for a new code
              </Link>
              <Link
                to="/sign-in"
                search={{ step: 'code' }}
                className="text-center text-sm font-medium text-primary underline-offset-2 hover:underline"
              >
                I have a newer code to type
              </Link>
            </>
          ) : (
            <p role="status" className="flex items-center justify-center gap-3 text-muted-foreground">
              <Spinner className="size-5" />
              Checking your sign-in link…
            </p>
          )}
        </CardContent>
      </Card>
    </section>
  );
}
