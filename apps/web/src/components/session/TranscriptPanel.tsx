import { useId, useRef } from 'react';
import { cx } from '../../lib/class-names';
import type { Caption, LiveMessage } from './room-events';
import { formatClock } from './session-format';
import { senderRoleLabels, senderTextClass } from './speakers';
import { useStickToBottom } from './use-stick-to-bottom';

export interface TranscriptPanelProps {
  /** Final segments in spoken order. */
  segments: LiveMessage[];
  /** What is being said right now (live captions, not final yet). */
  captions: Caption[];
  timeZone: string;
  className?: string;
  /** The scrolling area's height classes. */
  heightClassName?: string;
}

/**
 * The live transcript: final lines as a log that screen readers announce politely; live
 * captions are shown greyed and kept from assistive tech until they settle, so nothing is read
 * twice.
 */
export function TranscriptPanel({ segments, captions, timeZone, className, heightClassName }: TranscriptPanelProps) {
  const headingId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  useStickToBottom(scroller, segments.length + captions.map((c) => c.text).join('').length);
  return (
    <section
      aria-labelledby={headingId}
      className={cx('flex min-h-0 flex-col rounded-2xl border border-border bg-card', className)}
    >
      <header className="flex items-center justify-between gap-2 border-b border-border px-4 py-3">
        <h2 id={headingId} className="font-semibold tracking-tight">
          Live transcript
        </h2>
        <span className="text-xs text-muted-foreground">
          {segments.length} line{segments.length === 1 ? '' : 's'}
        </span>
      </header>
      <div
        ref={scroller}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        tabIndex={0}
        role="log"
        aria-labelledby={headingId}
        className={cx('overflow-y-auto px-4 py-3 focus-visible:outline-offset-[-2px]', heightClassName ?? 'h-80')}
      >
        {segments.length === 0 && captions.length === 0 ? (
          <p className="py-6 text-center text-sm text-muted-foreground">
            What is said in the session appears here as the AI assistant transcribes it.
          </p>
        ) : (
          <ol className="flex flex-col gap-3">
            {segments.map((segment) => (
              <TranscriptLine key={segment.id} segment={segment} timeZone={timeZone} />
            ))}
            {captions.map((caption) => (
              <TranscriptLine
                key={`caption-${caption.identity}`}
                segment={{
                  sender: caption.sender,
                  senderName: caption.name,
                  content: caption.text,
                  spokenAt: caption.startedAt,
                  createdAt: caption.startedAt,
                }}
                timeZone={timeZone}
                interim
              />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function TranscriptLine({
  segment,
  timeZone,
  interim = false,
}: {
  segment: Pick<LiveMessage, 'sender' | 'senderName' | 'content' | 'spokenAt' | 'createdAt'>;
  timeZone: string;
  interim?: boolean;
}) {
  const at = segment.spokenAt ?? segment.createdAt;
  return (
    <li aria-hidden={interim || undefined} className={cx('text-sm', interim && 'opacity-70')}>
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className={cx('font-semibold', senderTextClass[segment.sender])}>{segment.senderName}</span>
        <span className="text-xs text-muted-foreground">
          {senderRoleLabels[segment.sender]} · <time dateTime={at.toISOString()}>{formatClock(at, timeZone)}</time>
          {interim ? ' · speaking…' : null}
        </span>
      </p>
      <p className={cx('mt-0.5 whitespace-pre-line', interim && 'italic')}>{segment.content}</p>
    </li>
  );
}
