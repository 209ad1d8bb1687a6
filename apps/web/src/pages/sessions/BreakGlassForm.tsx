import { type FormEvent, useState } from 'react';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { FormField } from '../../components/ui/FormField';
import { Textarea } from '../../components/ui/Textarea';

/**
 * An administrator reads a member's session only after saying why ("break-glass"): the reason
 * is recorded with the read and shows in the member's audit and data export.
 */
export function BreakGlassForm({ onReason, error }: { onReason: (reason: string) => void; error: string | null }) {
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onReason(reason.trim());
  };
  return (
    <form onSubmit={submit} className="mt-8 flex max-w-xl flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">This session is private</h1>
      <Alert tone="info" title="Administrators read sessions only for a reason">
        Say why you need to read this session. Your reason is recorded with the read, and the member sees it in their
        data export.
      </Alert>
      <FormField label="Reason" error={error} required>
        {(control) => (
          <Textarea {...control} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        )}
      </FormField>
      <div>
        <Button type="submit">Read the session (recorded)</Button>
      </div>
    </form>
  );
}
