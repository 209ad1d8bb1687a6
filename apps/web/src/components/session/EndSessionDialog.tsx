import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';

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
  const end = useMutation(trpc.session.end.mutationOptions());
  return (
    <ConfirmDialog
      trigger={<Button variant="danger">End session</Button>}
      title="End this session for everyone?"
      description={`The room closes and chat stops. The transcript and chat are saved to the session record${
        clientName ? `, and ${clientName} is asked to rate the session` : ''
      }. This cannot be undone.`}
      keepLabel="Keep going"
      confirmLabel="End session now"
      pendingLabel="Ending…"
      action={end}
      onConfirm={(close) =>
        end.mutate(
          { appointmentId },
          {
            onSuccess: () => {
              close();
              onEnded();
            },
          },
        )
      }
    />
  );
}
