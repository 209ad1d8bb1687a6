import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useRef, useState } from 'react';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';
import { Alert } from '../ui/Alert';
import { errorCode } from './conflict';
import type { PickedSlot } from './types';

/**
 * Picking an open slot, confirming it and saving it (a booking or a move). A slot someone took
 * meanwhile is said in an alert by the times, which are fetched afresh, and the confirm dialog
 * hands focus to that alert; a saved one opens its appointment page.
 */
export function useSlotSaving() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [picked, setPicked] = useState<PickedSlot | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  return {
    picked,
    conflict,
    conflictRef,
    pick(slot: PickedSlot) {
      setConflict(null);
      setPicked(slot);
    },
    unpick: () => setPicked(null),
    async saved(appointmentId: string, done: 'booked' | 'moved') {
      await Promise.all([
        queryClient.invalidateQueries(trpc.scheduling.pathFilter()),
        queryClient.invalidateQueries(trpc.notification.pathFilter()),
      ]);
      await navigate({ to: '/appointments/$appointmentId', params: { appointmentId }, search: { done } });
    },
    failed(error: unknown) {
      if (errorCode(error) !== 'CONFLICT') return;
      setConflict(errorMessage(error));
      setPicked(null);
      void queryClient.invalidateQueries(trpc.scheduling.openSlots.pathFilter());
    },
    /** The confirm dialog's onCloseAutoFocus: after a lost race, the reason is read out instead. */
    focusConflict(event: Event) {
      if (!conflictRef.current) return;
      event.preventDefault();
      conflictRef.current.focus();
    },
  };
}

/** What the confirm dialog shows of a failed save; a lost race is shown by the times instead. */
export function saveErrorOtherThanConflict(error: unknown): string | null {
  return error && errorCode(error) !== 'CONFLICT' ? errorMessage(error) : null;
}

/** The lost-race alert, focusable so that the dialog can hand focus to it. */
export function SlotConflictAlert({
  saving,
  children,
}: {
  saving: ReturnType<typeof useSlotSaving>;
  children: ReactNode;
}) {
  if (!saving.conflict) return null;
  return (
    <div ref={saving.conflictRef} tabIndex={-1} className="focus:outline-none">
      <Alert tone="danger" role="alert" title="That time was just taken">
        {saving.conflict} {children}
      </Alert>
    </div>
  );
}
