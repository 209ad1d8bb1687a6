import { CHAT_MAX_LENGTH } from '@hybridcoach/api/limits';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { cx } from '../../lib/class-names';
import { errorMessage } from '../../lib/error-message';
import { serverFieldErrors } from '../../lib/form-errors';
import { useTRPC } from '../../trpc';
import { Button } from '../ui/Button';
import type { LiveMessage, MessageSender } from './room-events';
import { formatClock } from './session-format';
import { senderRoleLabels, senderTextClass } from './speakers';
import { useStickToBottom } from './use-stick-to-bottom';

export interface ChatPanelProps {
  appointmentId: string;
  messages: LiveMessage[];
  /** The viewer's own sender kind, to tell their messages apart. */
  me: MessageSender;
  timeZone: string;
  /** Null while chat is open; otherwise why it is closed. */
  closedReason: string | null;
  onSent: (message: LiveMessage) => void;
  className?: string;
  heightClassName?: string;
}

/** The room's chat: a log of messages (announced politely) and a box to write in. */
export function ChatPanel({
  appointmentId,
  messages,
  me,
  timeZone,
  closedReason,
  onSent,
  className,
  heightClassName,
}: ChatPanelProps) {
  const trpc = useTRPC();
  const headingId = useId();
  const fieldId = useId();
  const errorId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useMutation(trpc.session.sendMessage.mutationOptions());
  const hintId = useId();
  useStickToBottom(scroller, messages.length);
  // Once chat closes, a complaint about the draft is moot.
  const shownError = closedReason ? null : error;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const content = draft.trim();
    if (send.isPending || closedReason) return;
    if (!content) {
      setError('Write a message first.');
      field.current?.focus();
      return;
    }
    setError(null);
    send.mutate(
      { appointmentId, content },
      {
        onSuccess: (message) => {
          setDraft('');
          onSent(message);
          field.current?.focus();
        },
        onError: (failure) => {
          const content = serverFieldErrors(failure)?.content?.[0];
          setError(content ? `Your message ${content}.` : errorMessage(failure));
          field.current?.focus();
        },
      },
    );
  };

  // Enter sends, Shift+Enter starts a new line (as in most chat apps).
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <section
      aria-labelledby={headingId}
      className={cx('flex min-h-0 flex-col rounded-2xl border border-border bg-card', className)}
    >
      <header className="flex items-center justify-between gap-2 border-b border-border px-4 py-3">
        <h2 id={headingId} className="font-semibold tracking-tight">
          Chat
        </h2>
        <span className="text-xs text-muted-foreground">Recorded with the session</span>
      </header>
      <div
        ref={scroller}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        tabIndex={0}
        role="log"
        aria-labelledby={headingId}
        className={cx('overflow-y-auto px-4 py-3 focus-visible:outline-offset-[-2px]', heightClassName ?? 'h-72')}
      >
        {messages.length === 0 ? (
          <p className="py-6 text-center text-sm text-muted-foreground">No messages yet. Say hello.</p>
        ) : (
          <ol className="flex flex-col gap-3">
            {messages.map((message) => (
              <ChatLine key={message.id} message={message} own={message.sender === me} timeZone={timeZone} />
            ))}
          </ol>
        )}
      </div>
      <form onSubmit={submit} noValidate className="flex flex-col gap-2 border-t border-border p-3">
        <label htmlFor={fieldId} className="sr-only">
          Message
        </label>
        <div className="flex items-end gap-2">
          <textarea
            ref={field}
            id={fieldId}
            rows={2}
            maxLength={CHAT_MAX_LENGTH}
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
            className={cx(
              'min-h-10 w-full min-w-0 resize-none rounded-lg border border-input bg-background px-3 py-2 text-base text-foreground sm:text-sm',
              'placeholder:text-muted-foreground focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40',
              'aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-60',
            )}
          />
          <Button type="submit" disabled={closedReason !== null || send.isPending}>
            {send.isPending ? 'Sending…' : 'Send'}
          </Button>
        </div>
        <p id={hintId} className="text-xs text-muted-foreground" hidden={closedReason !== null}>
          Enter sends; Shift+Enter starts a new line.
        </p>
        <p id={errorId} role="alert" className="text-sm font-medium text-danger empty:hidden">
          {shownError}
        </p>
      </form>
    </section>
  );
}

function ChatLine({ message, own, timeZone }: { message: LiveMessage; own: boolean; timeZone: string }) {
  if (message.kind === 'system') {
    return (
      <li className="text-center text-xs text-muted-foreground">
        {message.content} ·{' '}
        <time dateTime={message.createdAt.toISOString()}>{formatClock(message.createdAt, timeZone)}</time>
      </li>
    );
  }
  return (
    <li className={cx('flex flex-col gap-1', own ? 'items-end' : 'items-start')}>
      <p className="flex items-baseline gap-2 text-xs text-muted-foreground">
        <span className={cx('font-semibold', senderTextClass[message.sender])}>{own ? 'You' : message.senderName}</span>
        {own ? null : <span>{senderRoleLabels[message.sender]}</span>}
        <time dateTime={message.createdAt.toISOString()}>{formatClock(message.createdAt, timeZone)}</time>
      </p>
      <p
        className={cx(
          'max-w-[85%] rounded-2xl px-3 py-2 text-sm break-words whitespace-pre-line',
          own ? 'rounded-br-md bg-primary text-primary-foreground' : 'rounded-bl-md bg-muted text-foreground',
        )}
      >
        {message.content}
      </p>
    </li>
  );
}
