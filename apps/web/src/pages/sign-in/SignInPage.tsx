import { normalizeSignInCode, SIGN_IN_CODE_LENGTH, signInCodeProblem } from '@hybridcoach/api/sign-in-code';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { MailIcon } from 'lucide-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { safeRedirectTarget } from '../../auth/redirect-target';
import { refreshViewer } from '../../auth/viewer';
import { BrandMark } from '../../components/layout/BrandMark';
import { Alert } from '../../components/ui/Alert';
import { Button, buttonClassName } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { EmailField } from '../../components/ui/EmailField';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { GoogleIcon } from '../../components/ui/GoogleIcon';
import { Input } from '../../components/ui/Input';
import { Spinner } from '../../components/ui/Spinner';
import { devToolsIncluded } from '../../dev-tools';
import { errorHttpStatus } from '../../lib/error-message';
import { fieldSentence, formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { googleErrorMessage } from './google-errors';

const route = getRouteApi('/sign-in');

export function SignInPage() {
  const search = route.useSearch();
  const trpc = useTRPC();
  const options = useQuery(trpc.auth.options.queryOptions());
  const devTools = options.data?.devTools === true;

  return (
    <section className="mx-auto flex w-full max-w-md flex-col px-4 py-12 sm:py-20">
      <title>{search.step === 'code' ? 'Enter your code · HybridCoach' : 'Sign in · HybridCoach'}</title>
      <div className="mb-6 flex flex-col items-center text-center">
        <BrandMark className="size-10" />
        {search.step === 'code' ? (
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">Check your email</h1>
        ) : (
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">Sign in to HybridCoach</h1>
        )}
        <p className="mt-2 text-sm text-muted-foreground">
          {search.step === 'code'
            ? 'Enter the sign-in code we emailed you, or click the link in the same email.'
            : 'For members of the Vagus and Ultra communities on Skool.'}
        </p>
      </div>
      <Card>
        <CardContent className="flex flex-col gap-6">
          {search.step === 'code' ? (
            <CodeStep email={search.email} redirect={search.redirect} devTools={devTools} />
          ) : (
            <EmailStep
              initialEmail={search.email}
              redirect={search.redirect}
              error={search.error}
              google={options.data?.google === true}
              devTools={devTools}
            />
          )}
        </CardContent>
      </Card>
    </section>
  );
}

function EmailStep(props: {
  initialEmail: string | undefined;
  redirect: string | undefined;
  error: string | undefined;
  google: boolean;
  devTools: boolean;
}) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [email, setEmail] = useState(props.initialEmail ?? '');
  const { errors, show, clear, summaryRef } = useFormErrors();
  const emailId = useId();
  const emailInput = useRef<HTMLInputElement>(null);
  const requestCode = useMutation(trpc.auth.requestCode.mutationOptions());

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = email.trim();
    if (!value) return show({ fields: { email: 'Enter your email address' }, message: null }, () => emailInput.current);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      return show(
        { fields: { email: 'Enter an email address like name@example.com' }, message: null },
        () => emailInput.current,
      );
    }
    clear();
    requestCode.mutate(
      { email: value },
      {
        onSuccess: () => navigate({ to: '/sign-in', search: { step: 'code', email: value, redirect: props.redirect } }),
        onError: (error) => {
          const next = formErrorsFrom(error, { email: 'Email' });
          show(next, next.fields.email ? () => emailInput.current : undefined);
        },
      },
    );
  };

  return (
    <>
      {props.error ? (
        <Alert tone="danger" role="alert" title="Signing in with Google did not work">
          {googleErrorMessage(props.error)}
        </Alert>
      ) : null}

      {props.google ? (
        <>
          {/* A plain link: the server sends the browser to Google and back. */}
          <a href="/auth/google" className={buttonClassName({ variant: 'outline', size: 'lg' })}>
            <GoogleIcon />
            Continue with Google
          </a>
          <div className="flex items-center gap-3 text-xs text-muted-foreground">
            <span className="h-px flex-1 bg-border" />
            or get a code by email
            <span className="h-px flex-1 bg-border" />
          </div>
        </>
      ) : null}

      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-label="Email me a sign-in code">
        <ErrorSummary ref={summaryRef} errors={{ fields: {}, message: errors.message }} />
        <EmailField
          id={emailId}
          error={errors.fields.email}
          hint="The email address of your Vagus or Ultra Skool membership."
          inputRef={emailInput}
          value={email}
          onChange={setEmail}
        />
        <Button type="submit" size="lg" disabled={requestCode.isPending}>
          {requestCode.isPending ? <Spinner className="size-4" /> : <MailIcon className="size-4" />}
          {requestCode.isPending ? 'Sending…' : 'Email me a sign-in code'}
        </Button>
      </form>

      <p className="text-center text-sm text-muted-foreground">
        Already have a code?{' '}
        <Link
          to="/sign-in"
          search={{ step: 'code', email: email.trim() || undefined, redirect: props.redirect }}
          className="font-medium text-primary underline-offset-2 hover:underline"
        >
          Enter it here
        </Link>
      </p>

      {devToolsIncluded && props.devTools ? (
        <p className="rounded-lg border border-dashed border-border px-3 py-2 text-center text-sm text-muted-foreground">
          Developing?{' '}
          <Link
            to="/dev/sign-in"
            search={{ redirect: props.redirect }}
            className="font-medium text-primary underline-offset-2 hover:underline"
          >
            Sign in as a test user
          </Link>
        </p>
      ) : null}
    </>
  );
}

function CodeStep(props: { email: string | undefined; redirect: string | undefined; devTools: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [email, setEmail] = useState(props.email ?? '');
  const [code, setCode] = useState('');
  const { errors, show, clear, summaryRef } = useFormErrors();
  const codeId = useId();
  const emailId = useId();
  const codeInput = useRef<HTMLInputElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  const redeemCode = useMutation(trpc.auth.redeemCode.mutationOptions());
  const resend = useMutation(trpc.auth.requestCode.mutationOptions());
  const [signingIn, setSigningIn] = useState(false);

  // Arriving from the email step, the next thing to do is to type the code (or, from a bare
  // "Enter it here" link, the email it went to).
  useEffect(() => (props.email ? codeInput.current : emailInput.current)?.focus(), [props.email]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    const value = normalizeSignInCode(code);
    const fields: Record<string, string> = {};
    if (!props.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      fields.email = address ? 'Enter an email address like name@example.com' : 'Enter the email the code went to';
    }
    const problem = signInCodeProblem(value);
    if (problem) fields.code = fieldSentence('Sign-in code', problem);
    if (Object.keys(fields).length > 0) {
      return show({ fields, message: null }, () => (fields.email ? emailInput.current : codeInput.current));
    }
    clear();
    redeemCode.mutate(
      { email: address, code: value },
      {
        onSuccess: async (result) => {
          setSigningIn(true);
          // Whatever a previous person left in the cache goes; the header learns who is here.
          queryClient.removeQueries({ type: 'inactive' });
          await refreshViewer(queryClient);
          await navigate({
            href: result.needsOnboarding ? '/onboarding' : safeRedirectTarget(props.redirect),
            replace: true,
          });
        },
        onError: (error) => {
          const next = formErrorsFrom(error, { email: 'Email', code: 'Sign-in code' });
          // A wrong, used or expired code (or too many of them) is about the field, not the page.
          const status = errorHttpStatus(error);
          if (next.message && (status === 400 || status === 429)) {
            show({ fields: { code: next.message }, message: null }, () => codeInput.current);
          } else {
            show(next, next.fields.code ? () => codeInput.current : undefined);
          }
        },
      },
    );
  };

  const busy = redeemCode.isPending || signingIn;

  return (
    <>
      <p className="text-sm text-muted-foreground">
        {props.email ? (
          <>
            If <strong className="font-medium break-all text-foreground">{props.email}</strong> belongs to a Skool
            member, an email with a sign-in code and a sign-in link is on its way.
          </>
        ) : (
          'If your email belongs to a Skool member, an email with a sign-in code and a sign-in link is on its way.'
        )}{' '}
        Click the link, or type the code here. Both work once, for 30 minutes.
      </p>

      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-label="Sign in with a code">
        <ErrorSummary ref={summaryRef} errors={{ fields: {}, message: errors.message }} />
        {props.email ? null : (
          <EmailField
            id={emailId}
            error={errors.fields.email}
            hint="The email the code went to."
            inputRef={emailInput}
            value={email}
            onChange={setEmail}
          />
        )}
        <FormField
          id={codeId}
          label="Sign-in code"
          error={errors.fields.code}
          hint={`${SIGN_IN_CODE_LENGTH} letters and digits, like ABCD-EFGH. Capitals and the hyphen are optional.`}
        >
          {(control) => (
            <Input
              {...control}
              ref={codeInput}
              name="code"
              autoComplete="one-time-code"
              spellCheck={false}
              autoCapitalize="characters"
              autoCorrect="off"
              maxLength={20}
              placeholder="ABCD-EFGH"
              className="font-mono text-lg tracking-widest uppercase placeholder:normal-case placeholder:tracking-normal"
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          )}
        </FormField>
        <Button type="submit" size="lg" disabled={busy}>
          {busy ? <Spinner className="size-4" /> : null}
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>

      <div className="flex flex-col gap-3 border-t border-border pt-5 text-sm sm:flex-row sm:items-center sm:justify-between">
        <Link
          to="/sign-in"
          search={{ email: props.email, redirect: props.redirect }}
          className="font-medium text-primary underline-offset-2 hover:underline"
        >
          Use a different email
        </Link>
        {props.email ? (
          <Button
            variant="ghost"
            size="sm"
            className="-mx-3 self-start sm:self-auto"
            disabled={resend.isPending}
            onClick={() => props.email && resend.mutate({ email: props.email })}
          >
            {resend.isPending ? 'Sending…' : 'Send a new code'}
          </Button>
        ) : null}
      </div>
      <div aria-live="polite" className="empty:hidden">
        {resend.isSuccess ? <Alert tone="success">{resend.data.message}</Alert> : null}
        {resend.isError ? <Alert tone="danger">{formErrorsFrom(resend.error, {}).message}</Alert> : null}
      </div>

      {devToolsIncluded && props.devTools ? (
        <p className="rounded-lg border border-dashed border-border px-3 py-2 text-center text-sm text-muted-foreground">
          Developing? The code is in the{' '}
          <Link to="/dev/mailbox" className="font-medium text-primary underline-offset-2 hover:underline">
            dev mailbox
          </Link>
          .
        </p>
      ) : null}
    </>
  );
}
