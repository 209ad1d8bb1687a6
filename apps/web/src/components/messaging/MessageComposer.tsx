import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { cx } from '../../lib/class-names';
import { errorMessage } from '../../lib/error-message';
import { Button } from '../ui/Button';

export interface MessageComposerProps {
  maxLength: number;
  /** Under the field: how to send, and what happens to the message. */
  hint: string;
  /** Sends the trimmed text; rejects with the server's error, which is shown under the field. */
  send: (text: string) => Promise<unknown>;
  /** What to say when sending failed (the field's own complaint, say); the error's message otherwise. */
  describeFailure?: (failure: unknown) => string | null;
  /** Why nothing can be sent any more (the room's chat closed): shown in the empty field. */
  closedReason?: string | null;
}

const fieldClass = cx(
  'min-h-10 w-full min-w-0 resize-none rounded-lg border border-input bg-background px-3 py-2 text-base text-foreground sm:text-sm',
  'placeholder:text-muted-foreground focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40',
  'aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-60',
);

/**
 * Writing a message, in the room's chat and in a conversation between sessions: Enter sends,
 * Shift+Enter starts a new line (as in most chat apps); an empty message or a refusal is said
 * under the field, which keeps the focus and the text.
 */
export function MessageComposer({ maxLength, hint, send, describeFailure, closedReason = null }: MessageComposerProps) {
  const fieldId = useId();
  const hintId = useId();
  const errorId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // Once sending is closed, a complaint about the draft is moot.
  const shownError = closedReason ? null : error;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (sending || closedReason) return;
    if (!text) {
      setError('Write a message first.');
      field.current?.focus();
      return;
    }
    setError(null);
    setSending(true);
    try {
      await send(text);
      setDraft('');
    } catch (failure) {
      setError(describeFailure?.(failure) ?? errorMessage(failure));
    } finally {
      setSending(false);
      field.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      className="flex flex-col gap-2 border-t border-border p-3"
    >
      <label htmlFor={fieldId} className="sr-only">
        Message
      </label>
      <div className="flex items-end gap-2">
        <textarea
          ref={field}
          id={fieldId}
          rows={2}
          maxLength={maxLength}
          value={draft}
          disabled={closedReason !== null}
          placeholder={closedReason ?? 'Write a message…'}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? `${hintId} ${errorId}` : hintId}
          onChange={(event) => {
            setDraft(event.target.value);
            if (error) setError(null);
          }}
          onKeyDown={onKeyDown}
          className={fieldClass}
        />
        <Button type="submit" disabled={closedReason !== null || sending}>
          {sending ? 'Sending…' : 'Send'}
        </Button>
      </div>
      <p id={hintId} className="text-xs text-muted-foreground" hidden={closedReason !== null}>
        {hint}
      </p>
      <p id={errorId} role="alert" className="text-sm font-medium text-danger empty:hidden">
        {shownError}
      </p>
    </form>
  );
}
