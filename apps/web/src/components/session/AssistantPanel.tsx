import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { cx } from '../../lib/class-names';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';
import { Badge, type BadgeTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Select } from '../ui/Select';
import type { Assistant, AssistantMode } from './room-events';
import { useNow } from './SessionTimer';

/** How long after "Ask the assistant" the asker's words are for it (the agent's window). */
const ASK_WINDOW_MS = 20_000;

const modeLabels: Record<AssistantMode, string> = {
  scribe: 'Note-taker: speaks when asked',
  conversational: 'Conversation: answers every turn',
  off: 'Off: never speaks',
};

export interface AssistantPanelProps {
  appointmentId: string;
  assistant: Assistant;
  /** The mode as the page was joined, until the feed says otherwise. */
  initialMode: AssistantMode;
  /** The viewer's user id (whose ask is theirs). */
  me: string;
  /** Only the coach (or an admin) changes the mode. */
  canSetMode: boolean;
  ended: boolean;
  className?: string;
}

/**
 * The AI assistant in the room: what it is doing (listening, answering, not in the room, off),
 * how it takes part, "Ask the assistant" (the asker's next words are for it), and for the coach
 * the choice of mode. Announced politely when its state changes.
 */
export function AssistantPanel({
  appointmentId,
  assistant,
  initialMode,
  me,
  canSetMode,
  ended,
  className,
}: AssistantPanelProps) {
  const trpc = useTRPC();
  const headingId = useId();
  const modeId = useId();
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const ask = useMutation(trpc.session.askAssistant.mutationOptions());
  const setMode = useMutation(trpc.session.setAssistantMode.mutationOptions());
  const mode = assistant.mode ?? initialMode;
  const waitingForMe = assistant.asked?.identity === me && now.getTime() - assistant.asked.at.getTime() < ASK_WINDOW_MS;
  const status: { label: string; tone: BadgeTone; detail: string } =
    mode === 'off'
      ? { label: 'Off', tone: 'neutral', detail: 'It transcribes the session and never speaks.' }
      : assistant.state === 'answering'
        ? { label: 'Answering', tone: 'brand', detail: 'It is answering.' }
        : assistant.state === 'listening'
          ? waitingForMe
            ? { label: 'Listening', tone: 'success', detail: 'Listening for your question: go ahead.' }
            : {
                label: 'Listening',
                tone: 'success',
                detail:
                  mode === 'conversational'
                    ? 'It answers every turn.'
                    : `Start with “${assistant.wakePhrase ?? 'assistant'}”, or press Ask, to address it.`,
              }
          : { label: 'Paused', tone: 'warning', detail: 'The assistant is not listening in this room right now.' };

  const onAsk = () => {
    setError(null);
    ask.mutate({ appointmentId }, { onError: (err) => setError(errorMessage(err)) });
  };
  const onMode = (next: AssistantMode) => {
    setError(null);
    setMode.mutate({ appointmentId, mode: next }, { onError: (err) => setError(errorMessage(err)) });
  };

  return (
    <section
      aria-labelledby={headingId}
      className={cx('flex flex-col gap-3 rounded-2xl border border-border bg-card px-4 py-3', className)}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="font-semibold tracking-tight">
          AI assistant
        </h2>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p role="status" className="text-sm text-muted-foreground">
        {status.detail}
      </p>
      {ended ? null : (
        <div className="flex flex-wrap items-end gap-3">
          <Button
            variant="secondary"
            onClick={onAsk}
            disabled={mode === 'off' || ask.isPending}
            aria-describedby={mode === 'off' ? headingId : undefined}
          >
            Ask the assistant
          </Button>
          {canSetMode ? (
            <div className="flex min-w-56 flex-1 flex-col gap-1 sm:max-w-sm">
              <label htmlFor={modeId} className="text-xs font-medium text-muted-foreground">
                How it takes part
              </label>
              <Select
                id={modeId}
                value={mode}
                disabled={setMode.isPending}
                onChange={(e) => onMode(e.target.value as AssistantMode)}
              >
                {(Object.keys(modeLabels) as AssistantMode[]).map((m) => (
                  <option key={m} value={m}>
                    {modeLabels[m]}
                  </option>
                ))}
              </Select>
            </div>
          ) : (
            <p className="text-xs text-muted-foreground">{modeLabels[mode]}</p>
          )}
        </div>
      )}
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </section>
  );
}
