import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useViewer } from '../../../auth/viewer';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { FormField } from '../../../components/ui/FormField';
import { Input } from '../../../components/ui/Input';
import { Textarea } from '../../../components/ui/Textarea';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../trpc';

/**
 * Admins: a member's data export and deletion, each only with a stated reason (recorded, and
 * shown to the member in their export); the exports made here and the deletions still cooling off.
 */
export function MemberDataPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useViewer().data?.timezone ?? 'UTC';
  const [email, setEmail] = useState('');
  const [lookup, setLookup] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const member = useQuery(
    trpc.privacy.admin.findMember.queryOptions({ email: lookup ?? '' }, { enabled: lookup !== null }),
  );
  const exports = useQuery({
    ...trpc.privacy.admin.exports.queryOptions(),
    refetchInterval: (q) =>
      q.state.data?.some((e) => e.status === 'pending' || e.status === 'running') ? 1000 : false,
  });
  const erasures = useQuery(trpc.privacy.admin.pendingErasures.queryOptions());
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.privacy.admin.pathKey() });
  };
  const exportMember = useMutation(trpc.privacy.admin.exportMember.mutationOptions({ onSuccess: refresh }));
  const eraseMember = useMutation(trpc.privacy.admin.eraseMember.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.privacy.admin.cancelErasure.mutationOptions({ onSuccess: refresh }));
  const failed = exportMember.error ?? eraseMember.error ?? cancel.error;
  const find = (event: FormEvent) => {
    event.preventDefault();
    setLookup(email.trim().toLowerCase());
  };
  return (
    <section className="mx-auto flex w-full max-w-5xl flex-col gap-6 px-4 py-10 sm:px-6">
      <title>Member data · Admin · HybridCoach</title>
      <AdminTabs />
      <h1 className="text-3xl font-semibold tracking-tight">Member data</h1>
      <form onSubmit={find} className="flex flex-wrap items-end gap-3">
        <FormField label="Member's email" className="min-w-72">
          {(control) => <Input {...control} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
        <Button type="submit" variant="outline">
          Find
        </Button>
      </form>
      {member.isError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(member.error)}
        </p>
      ) : null}
      {member.data ? (
        <div className="flex flex-col gap-4 rounded-2xl border border-border bg-card p-4">
          <p>
            <strong>{member.data.displayName}</strong> ({member.data.email}, {member.data.role})
            {member.data.deletedAt ? ' — account closed' : ''}
          </p>
          <FormField label="Reason (recorded, and shown to the member)" required>
            {(control) => <Textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </FormField>
          <div className="flex flex-wrap gap-3">
            <Button
              disabled={exportMember.isPending}
              onClick={() => member.data && exportMember.mutate({ userId: member.data.id, reason: reason.trim() })}
            >
              Export their data
            </Button>
            <Button
              variant="danger"
              disabled={eraseMember.isPending || member.data.deletedAt !== null}
              onClick={() => member.data && eraseMember.mutate({ userId: member.data.id, reason: reason.trim() })}
            >
              Delete the account
            </Button>
          </div>
          {failed ? (
            <Alert tone="danger" role="alert" title="That did not work">
              {errorMessage(failed)}
            </Alert>
          ) : null}
        </div>
      ) : null}

      <h2 className="text-xl font-semibold">Exports you made</h2>
      {exports.data?.length ? (
        <ul className="flex flex-col gap-2 text-sm">
          {exports.data.map((e) => (
            <li key={e.id}>
              {e.user.displayName} · {formatDateTime(e.requestedAt, timeZone)} ·{' '}
              {e.downloadUrl ? (
                <a className="font-medium underline" href={e.downloadUrl} download>
                  Download
                </a>
              ) : e.status === 'ready' ? (
                'link expired'
              ) : (
                `${e.status} ${e.total > 0 ? `(${e.progress}/${e.total})` : ''}`
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">None yet.</p>
      )}

      <h2 className="text-xl font-semibold">Deletions cooling off</h2>
      {erasures.data?.length ? (
        <ul className="flex flex-col gap-2 text-sm">
          {erasures.data.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-3">
              <span>
                {r.user.displayName} · purged on {formatDateTime(r.purgeAfter, timeZone)}
                {r.lastError ? ` · last attempt failed (${r.attempts})` : ''}
              </span>
              <Button size="sm" variant="outline" onClick={() => cancel.mutate({ requestId: r.id })}>
                Stop the deletion
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">None.</p>
      )}
    </section>
  );
}
