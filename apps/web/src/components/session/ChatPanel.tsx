import { CHAT_MAX_LENGTH } from '@hybridcoach/api/limits';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { cx } from '../../lib/class-names';
import { serverFieldErrors } from '../../lib/form-errors';
import { useTRPC } from '../../trpc';
import { MessageComposer } from '../messaging/MessageComposer';
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
  const scroller = useRef<HTMLDivElement>(null);
  const send = useMutation(trpc.session.sendMessage.mutationOptions());
  useStickToBottom(scroller, messages.length);

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
      <MessageComposer
        maxLength={CHAT_MAX_LENGTH}
        hint="Enter sends; Shift+Enter starts a new line."
        closedReason={closedReason}
        send={(content) => send.mutateAsync({ appointmentId, content }).then(onSent)}
        describeFailure={(failure) => {
          const problem = serverFieldErrors(failure)?.content?.[0];
          return problem ? `Your message ${problem}.` : null;
        }}
      />
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
