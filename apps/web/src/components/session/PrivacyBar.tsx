import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import type { RoomPrivacyState } from './room-events';

/**
 * What is recorded right now, for everyone in the room: transcription on or paused (and by
 * whom), the assistant on or off. Anyone can pause and resume; the client can turn the
 * assistant off for this session.
 */
export function PrivacyBar({
  appointmentId,
  state,
  isClient,
  ended,
}: {
  appointmentId: string;
  state: RoomPrivacyState;
  isClient: boolean;
  ended: boolean;
}) {
  const trpc = useTRPC();
  const pause = useMutation(trpc.privacy.pauseTranscription.mutationOptions());
  const resume = useMutation(trpc.privacy.resumeTranscription.mutationOptions());
  const assistantOff = useMutation(trpc.privacy.setSessionAssistant.mutationOptions());
  const failed = pause.error ?? resume.error ?? assistantOff.error;
  const assistantOn = state.assistant === 'on';
  const paused = state.transcription === 'paused';
  return (
    <section
      aria-label="Recording"
      className="flex flex-wrap items-center gap-3 rounded-2xl border border-border bg-card px-4 py-3 text-sm"
    >
      {!assistantOn ? (
        <Badge tone="neutral">AI assistant off — nothing is transcribed</Badge>
      ) : paused ? (
        <Badge tone="warning" role="status">
          Transcription paused{state.by ? ` by ${state.by}` : ''}
        </Badge>
      ) : (
        <Badge tone="success" role="status">
          Transcription on
        </Badge>
      )}
      {assistantOn && !ended ? (
        paused ? (
          <Button
            size="sm"
            variant="outline"
            disabled={resume.isPending}
            onClick={() => resume.mutate({ appointmentId })}
          >
            Resume transcription
          </Button>
        ) : (
          <Button
            size="sm"
            variant="outline"
            disabled={pause.isPending}
            onClick={() => pause.mutate({ appointmentId })}
          >
            Pause transcription
          </Button>
        )
      ) : null}
      {assistantOn && isClient && !ended ? (
        <Button
          size="sm"
          variant="ghost"
          disabled={assistantOff.isPending}
          onClick={() => assistantOff.mutate({ appointmentId, on: false })}
        >
          Turn the assistant off for this session
        </Button>
      ) : null}
      {failed ? (
        <p role="alert" className="text-danger">
          {errorMessage(failed)}
        </p>
      ) : null}
    </section>
  );
}
