import { type ReactNode, useState } from 'react';
import { errorMessage } from '../../lib/error-message';
import { Button } from './Button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from './Dialog';

export interface ConfirmDialogProps {
  /** The button that opens it. */
  trigger: ReactNode;
  title: ReactNode;
  /** What confirming does, and that it cannot be undone when so. */
  description: ReactNode;
  /** More to know before confirming, between the description and the buttons. */
  children?: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  pendingLabel: string;
  /** The mutation the button runs: its state is shown here, and cleared when the dialog opens. */
  action: { isPending: boolean; isError: boolean; error: unknown; reset: () => void };
  /** Runs the action; `close` once it succeeded. */
  onConfirm: (close: () => void) => void;
}

/** A destructive step behind a confirmation: say what happens, keep or go ahead, say why it failed. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [open, setOpen] = useState(false);
  const { action } = props;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) action.reset();
      }}
    >
      <DialogTrigger asChild>{props.trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogDescription>{props.description}</DialogDescription>
        </DialogHeader>
        {props.children}
        {action.isError ? (
          <p role="alert" className="mt-4 text-sm font-medium text-danger">
            {errorMessage(action.error)}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">{props.keepLabel}</Button>
          </DialogClose>
          <Button variant="danger" disabled={action.isPending} onClick={() => props.onConfirm(() => setOpen(false))}>
            {action.isPending ? props.pendingLabel : props.confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
