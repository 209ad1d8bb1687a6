import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';
import { Button } from '../ui/Button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '../ui/Dialog';

/** The coach's (or an admin's) "End session", behind a confirmation: it ends it for everyone. */
export function EndSessionDialog({
  appointmentId,
  clientName,
  onEnded,
}: {
  appointmentId: string;
  clientName: string | null;
  /** The page hides this dialog once ended, and moves focus (its button is gone by then). */
  onEnded: () => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const end = useMutation(trpc.session.end.mutationOptions());
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) end.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="danger">End session</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>End this session for everyone?</DialogTitle>
          <DialogDescription>
            The room closes and chat stops. The transcript and chat are saved to the session record
            {clientName ? `, and ${clientName} is asked to rate the session` : ''}. This cannot be undone.
          </DialogDescription>
        </DialogHeader>
        {end.isError ? (
          <p role="alert" className="text-sm font-medium text-danger">
            {errorMessage(end.error)}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Keep going</Button>
          </DialogClose>
          <Button
            variant="danger"
            disabled={end.isPending}
            onClick={() =>
              end.mutate(
                { appointmentId },
                {
                  onSuccess: () => {
                    setOpen(false);
                    onEnded();
                  },
                },
              )
            }
          >
            {end.isPending ? 'Ending…' : 'End session now'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
