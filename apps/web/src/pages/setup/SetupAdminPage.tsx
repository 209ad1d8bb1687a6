import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useRef, useState } from 'react';
import { refreshViewer } from '../../auth/viewer';
import { BrandMark } from '../../components/layout/BrandMark';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { EmailField } from '../../components/ui/EmailField';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { Spinner } from '../../components/ui/Spinner';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';

/** The secret rides in the fragment (`/setup#token=…`), which browsers never send to a server. */
function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** The one-time setup link of a database without admins: whoever opens it names the first admin. */
export function SetupAdminPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [token] = useState(tokenFromHash);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const { errors, show, clear, summaryRef } = useFormErrors();
  const emailId = useId();
  const nameId = useId();
  const emailInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const setup = useMutation(trpc.auth.setupAdmin.mutationOptions());

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!displayName.trim()) {
      return show({ fields: { displayName: 'Enter your name' }, message: null }, () => nameInput.current);
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      return show(
        { fields: { email: 'Enter an email address like name@example.com' }, message: null },
        () => emailInput.current,
      );
    }
    clear();
    setup.mutate(
      { token, email: email.trim(), displayName: displayName.trim() },
      {
        onSuccess: async () => {
          // The secret has done its work; it should not stay in the address bar or history.
          window.history.replaceState(null, '', '/setup');
          await refreshViewer(queryClient);
          await navigate({ to: '/admin', replace: true });
        },
        onError: (error) => {
          const next = formErrorsFrom(error, { email: 'Email', displayName: 'Name', token: 'Setup link' });
          show(next, next.fields.email ? () => emailInput.current : undefined);
        },
      },
    );
  };

  return (
    <section className="mx-auto flex w-full max-w-md flex-col px-4 py-12 sm:py-20">
      <title>Set up HybridCoach</title>
      <div className="mb-6 flex flex-col items-center text-center">
        <BrandMark className="size-10" />
        <h1 className="mt-4 text-2xl font-semibold tracking-tight">Make the first admin</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          This link was printed in the web server's log. It works once; the admin it makes can then sign in with a code
          sent to this email.
        </p>
      </div>
      <Card>
        <CardContent className="flex flex-col gap-6">
          {token ? null : (
            <Alert tone="danger" role="alert" title="This page needs the whole setup link">
              Copy the link from the web server log, including everything after <code>#token=</code>.
            </Alert>
          )}
          <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-label="Make the first admin">
            <ErrorSummary ref={summaryRef} errors={{ fields: {}, message: errors.message }} />
            <FormField id={nameId} label="Your name" error={errors.fields.displayName}>
              {(control) => (
                <Input
                  {...control}
                  ref={nameInput}
                  name="displayName"
                  autoComplete="name"
                  value={displayName}
                  onChange={(e) => setDisplayName(e.target.value)}
                />
              )}
            </FormField>
            <EmailField
              id={emailId}
              error={errors.fields.email}
              inputRef={emailInput}
              value={email}
              onChange={setEmail}
            />
            <Button type="submit" size="lg" disabled={!token || setup.isPending}>
              {setup.isPending ? <Spinner className="size-4" /> : null}
              Make me the admin
            </Button>
          </form>
        </CardContent>
      </Card>
    </section>
  );
}
