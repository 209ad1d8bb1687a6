import { useMutation } from '@tanstack/react-query';
import type { RouterOutputs } from '../../lib/api-types';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';

type RoomPrivacy = RouterOutputs['privacy']['room'];

/**
 * Before the first transcribed session: the notice, and the member's choice. Everyone can agree;
 * a client can also join without the assistant, this time or for good. `onDecided` then joins.
 */
export function ConsentPanel({
  appointmentId,
  privacy,
  isClient,
  onDecided,
}: {
  appointmentId: string;
  privacy: RoomPrivacy;
  isClient: boolean;
  onDecided: () => void;
}) {
  const trpc = useTRPC();
  const agree = useMutation(trpc.privacy.agree.mutationOptions({ onSuccess: onDecided }));
  const offOnce = useMutation(trpc.privacy.setSessionAssistant.mutationOptions({ onSuccess: onDecided }));
  const offForGood = useMutation(trpc.privacy.setAssistantForGood.mutationOptions({ onSuccess: onDecided }));
  const busy = agree.isPending || offOnce.isPending || offForGood.isPending;
  const failed = agree.error ?? offOnce.error ?? offForGood.error;
  const { notice } = privacy;
  return (
    <section aria-labelledby="consent-title" className="mx-auto flex max-w-2xl flex-col gap-5 py-10">
      <div>
        <h1 id="consent-title" className="text-2xl font-semibold tracking-tight">
          Before you join
        </h1>
        <p className="mt-1 text-lg font-medium">{notice.title}</p>
      </div>
      <ul className="flex list-disc flex-col gap-2 pl-5 text-sm leading-relaxed">
        {notice.points.map((point) => (
          <li key={point}>{point}</li>
        ))}
      </ul>
      <p className="text-xs text-muted-foreground">Notice version {notice.version}.</p>
      {failed ? (
        <Alert tone="danger" role="alert" title="That did not work">
          {errorMessage(failed)}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <Button disabled={busy} onClick={() => agree.mutate({ noticeVersion: notice.version, appointmentId })}>
          I agree — join the session
        </Button>
        {isClient ? (
          <>
            <Button variant="outline" disabled={busy} onClick={() => offOnce.mutate({ appointmentId, on: false })}>
              Join without the assistant this time
            </Button>
            <Button variant="ghost" disabled={busy} onClick={() => offForGood.mutate({ on: false })}>
              Turn the assistant off for all my sessions
            </Button>
          </>
        ) : null}
      </div>
    </section>
  );
}
