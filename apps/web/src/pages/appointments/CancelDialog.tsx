import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { MessageCoachAfterRefusal } from '../../components/messaging/MessageCoachLink';
import { formatWhen } from '../../components/scheduling/time-format';
import type { Appointment } from '../../components/scheduling/types';
import { Button } from '../../components/ui/Button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '../../components/ui/Dialog';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Textarea } from '../../components/ui/Textarea';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';

const labels = { reason: 'Reason' };

export interface CancelDialogProps {
  appointment: Appointment;
  timeZone: string;
  withName: string;
  onCancelled: () => void;
  /** Where focus lands once the dialog has closed after cancelling (the trigger is gone by then). */
  afterCancelFocus: () => HTMLElement | null;
}

/** Cancel with a reason, which both people see. The server enforces the clients' cut-off. */
export function CancelDialog({ appointment, timeZone, withName, onCancelled, afterCancelFocus }: CancelDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { errors, show, clear, summaryRef } = useFormErrors();
  const reasonId = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const cancelled = useRef(false);
  const cancel = useMutation(trpc.scheduling.cancel.mutationOptions());

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      return show(
        { fields: { reason: `Tell ${withName} why, in a few words` }, message: null },
        () => reasonRef.current,
      );
    }
    clear();
    cancel.mutate(
      { appointmentId: appointment.id, reason: trimmed },
      {
        onSuccess: async () => {
          await Promise.all([
            queryClient.invalidateQueries(trpc.scheduling.pathFilter()),
            queryClient.invalidateQueries(trpc.notification.pathFilter()),
          ]);
          cancelled.current = true;
          setOpen(false);
          onCancelled();
        },
        onError: (error) => {
          const next = formErrorsFrom(error, labels);
          show(next, next.fields.reason ? () => reasonRef.current : undefined);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          cancelled.current = false;
          clear();
          cancel.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">Cancel session</Button>
      </DialogTrigger>
      <DialogContent
        onCloseAutoFocus={(event) => {
          if (!cancelled.current) return;
          const target = afterCancelFocus();
          if (!target) return;
          event.preventDefault();
          target.focus();
        }}
      >
        <form noValidate onSubmit={onSubmit}>
          <DialogHeader>
            <DialogTitle>Cancel this session?</DialogTitle>
            <DialogDescription>
              Your session with {withName} on {formatWhen(appointment.scheduledFor, appointment.endsAt, timeZone)}. They
              get a notification and an email.
            </DialogDescription>
          </DialogHeader>
          <div className="flex flex-col gap-4">
            {/* One field: its own message says what is wrong with it; the summary is for everything else. */}
            <ErrorSummary
              ref={summaryRef}
              errors={{ fields: {}, message: errors.message }}
              title="The session was not cancelled"
            />
            <MessageCoachAfterRefusal error={cancel.error} coachId={appointment.coach.id} name={withName} />
            <FormField
              id={reasonId}
              label="Reason"
              required
              error={errors.fields.reason}
              hint="Shown to both of you, for example “I’m unwell”."
            >
              {(control) => (
                <Textarea
                  {...control}
                  ref={reasonRef}
                  rows={3}
                  maxLength={500}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              )}
            </FormField>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Keep the session</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={cancel.isPending}>
              {cancel.isPending ? 'Cancelling…' : 'Cancel session'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
