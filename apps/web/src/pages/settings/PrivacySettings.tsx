import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { forgetViewer } from '../../auth/viewer';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';

/**
 * Your data: download everything (built in the background, with progress, the link expiring),
 * and delete your account (signed out at once, data removed after the cooling-off period).
 */
export function PrivacySettings({ timeZone, isClient }: { timeZone: string; isClient: boolean }) {
  return (
    <div className="flex flex-col gap-8">
      <ExportData timeZone={timeZone} />
      {isClient ? <AssistantForGood /> : null}
      <DeleteAccount timeZone={timeZone} />
    </div>
  );
}

function ExportData({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const exports = useQuery({
    ...trpc.privacy.myExports.queryOptions(),
    // While one is being built, follow its progress.
    refetchInterval: (query) =>
      query.state.data?.some((e) => e.status === 'pending' || e.status === 'running') ? 1000 : false,
  });
  const request = useMutation(
    trpc.privacy.requestExport.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.privacy.myExports.queryKey() }),
    }),
  );
  const latest = exports.data?.[0];
  const building = latest && (latest.status === 'pending' || latest.status === 'running');
  return (
    <div className="flex flex-col gap-3">
      <h3 className="font-semibold">Download your data</h3>
      <p className="text-sm text-muted-foreground">
        One archive with everything we hold about you: profile, intake, context, sessions with their transcripts and
        chat, summaries, ratings, tips, notifications, consents, and who read your data.
      </p>
      {building ? (
        <div role="status" className="flex flex-col gap-2 text-sm">
          <span>
            Preparing your archive… {latest.total > 0 ? `${latest.progress} of ${latest.total} parts` : 'queued'}
          </span>
          <progress
            className="h-2 w-full"
            max={Math.max(latest.total, 1)}
            value={latest.progress}
            aria-label="Export progress"
          />
        </div>
      ) : latest?.downloadUrl ? (
        <p className="text-sm">
          <a className="font-medium underline underline-offset-2" href={latest.downloadUrl} download>
            Download your data (zip)
          </a>{' '}
          — the link works until {latest.expiresAt ? formatDateTime(latest.expiresAt, timeZone) : 'it expires'}.
        </p>
      ) : latest?.status === 'failed' ? (
        <Alert tone="danger" title="The export failed">
          {latest.error}
        </Alert>
      ) : latest?.expired ? (
        <p className="text-sm text-muted-foreground">Your last download link has expired.</p>
      ) : null}
      {request.error ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(request.error)}
        </p>
      ) : null}
      <div>
        <Button variant="outline" disabled={Boolean(building) || request.isPending} onClick={() => request.mutate()}>
          {building ? 'Preparing…' : 'Prepare a download'}
        </Button>
      </div>
    </div>
  );
}

function AssistantForGood() {
  const trpc = useTRPC();
  const [state, setState] = useState<boolean | null>(null);
  const set = useMutation(
    trpc.privacy.setAssistantForGood.mutationOptions({ onSuccess: (r) => setState(r.assistantOffForGood) }),
  );
  return (
    <div className="flex flex-col gap-3">
      <h3 className="font-semibold">The AI assistant in your sessions</h3>
      <p className="text-sm text-muted-foreground">
        Turned off, no assistant joins your sessions: nothing is transcribed or summarised.
        {state === null ? '' : state ? ' It is off for all your sessions.' : ' It joins your sessions again.'}
      </p>
      <div className="flex flex-wrap gap-3">
        <Button variant="outline" disabled={set.isPending} onClick={() => set.mutate({ on: false })}>
          Turn it off for all my sessions
        </Button>
        <Button variant="ghost" disabled={set.isPending} onClick={() => set.mutate({ on: true })}>
          Turn it back on
        </Button>
      </div>
    </div>
  );
}

function DeleteAccount({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState('');
  const erase = useMutation(trpc.privacy.requestErasure.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    erase.mutate({ confirm: confirm.trim() as 'DELETE' });
  };
  const leave = async () => {
    await navigate({ to: '/' });
    forgetViewer(queryClient);
  };
  if (erase.data)
    return (
      <div className="flex flex-col gap-3">
        <Alert tone="success" role="status" title="Your account is closed">
          You are signed out on every device. Your data will be removed on{' '}
          {formatDateTime(erase.data.purgeAfter, timeZone)}.
        </Alert>
        <div>
          <Button onClick={() => void leave()}>Go to the home page</Button>
        </div>
      </div>
    );
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <h3 className="font-semibold">Delete your account</h3>
      <p className="text-sm text-muted-foreground">
        You are signed out on every device at once and nobody can book you. After a cooling-off period your profile,
        intake, notes and what was said in your sessions are removed; your coach keeps only that the sessions took
        place. Download your data first if you want a copy.
      </p>
      <FormField label="Type DELETE to confirm" error={erase.error ? errorMessage(erase.error) : null}>
        {(control) => (
          <Input {...control} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
        )}
      </FormField>
      <div>
        <Button type="submit" variant="danger" disabled={erase.isPending || confirm.trim() !== 'DELETE'}>
          Delete my account
        </Button>
      </div>
    </form>
  );
}
