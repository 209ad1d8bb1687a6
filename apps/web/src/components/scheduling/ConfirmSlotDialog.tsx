import type { ReactNode } from 'react';
import { Alert } from '../ui/Alert';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '../ui/Dialog';
import { formatLocalDate, formatTimeRange } from './time-format';
import type { PickedSlot } from './types';

export interface ConfirmSlotDialogProps {
  slot: PickedSlot | null;
  title: string;
  description: string;
  confirmLabel: string;
  pendingLabel: string;
  person: { name: string; photo: string | null; line: string };
  durationMin: number;
  timeZone: string;
  pending: boolean;
  /** A failure to show inside the dialog (a lost race closes it instead; the page says so). */
  error: ReactNode;
  extra?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
  /** Where focus goes on close, instead of the slot button that opened it (which may be gone). */
  onCloseAutoFocus?: (event: Event) => void;
}

/** "Is this the time you want?" before a booking or a move: who, which day, which hours, which zone. */
export function ConfirmSlotDialog(props: ConfirmSlotDialogProps) {
  const { slot } = props;
  return (
    <Dialog open={slot !== null} onOpenChange={(open) => (open ? undefined : props.onClose())}>
      <DialogContent onCloseAutoFocus={props.onCloseAutoFocus}>
        <DialogHeader>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogDescription>{props.description}</DialogDescription>
        </DialogHeader>
        {slot ? (
          <div className="flex flex-col gap-4">
            <div className="flex items-center gap-3 rounded-xl border border-border p-4">
              <Avatar name={props.person.name} src={props.person.photo} size="md" />
              <dl className="min-w-0 text-sm">
                <dt className="sr-only">With</dt>
                <dd className="font-semibold">{props.person.line}</dd>
                <dt className="sr-only">Day</dt>
                <dd className="mt-1">{formatLocalDate(slot.localDate)}</dd>
                <dt className="sr-only">Time</dt>
                <dd className="text-muted-foreground">
                  {formatTimeRange(slot.startsAt, slot.endsAt, props.timeZone)} · {props.durationMin} minutes
                </dd>
              </dl>
            </div>
            {props.extra}
            {props.error ? (
              <Alert tone="danger" role="alert" title="That did not work">
                {props.error}
              </Alert>
            ) : null}
          </div>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Choose another time</Button>
          </DialogClose>
          <Button onClick={props.onConfirm} disabled={props.pending}>
            {props.pending ? props.pendingLabel : props.confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
