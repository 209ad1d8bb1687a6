import type { MessageSender } from '../../components/session/room-events';
import { formatClock } from '../../components/session/session-format';
import { senderRoleLabels, senderTextClass } from '../../components/session/speakers';
import { cx } from '../../lib/class-names';

export interface TranscriptLine {
  id: string;
  sender: MessageSender;
  senderName: string;
  content: string;
  spokenAt: Date | null;
  createdAt: Date;
  isFinal: boolean;
}

interface Turn {
  key: string;
  sender: MessageSender;
  senderName: string;
  at: Date;
  lines: string[];
}

/** Consecutive lines of one speaker read as one turn, the way a transcript is read. */
export function toTurns(lines: readonly TranscriptLine[]): Turn[] {
  const turns: Turn[] = [];
  for (const line of lines) {
    if (!line.isFinal) continue;
    const last = turns.at(-1);
    if (last && last.sender === line.sender && last.senderName === line.senderName) {
      last.lines.push(line.content);
    } else {
      turns.push({
        key: line.id,
        sender: line.sender,
        senderName: line.senderName,
        at: line.spokenAt ?? line.createdAt,
        lines: [line.content],
      });
    }
  }
  return turns;
}

/** The session's transcript as turns: who spoke, when they started, what they said. */
export function ReadableTranscript({ lines, timeZone }: { lines: readonly TranscriptLine[]; timeZone: string }) {
  const turns = toTurns(lines);
  if (turns.length === 0) {
    return <p className="text-sm text-muted-foreground">Nothing was transcribed in this session.</p>;
  }
  return (
    <ol className="flex flex-col gap-5">
      {turns.map((turn) => (
        <li key={turn.key} className="grid grid-cols-1 gap-1 sm:grid-cols-[9rem_minmax(0,1fr)] sm:gap-4">
          <p className="flex flex-row items-baseline gap-2 sm:flex-col sm:gap-0">
            <span className={cx('font-semibold', senderTextClass[turn.sender])}>{turn.senderName}</span>
            <span className="text-xs text-muted-foreground">
              {senderRoleLabels[turn.sender]} ·{' '}
              <time dateTime={turn.at.toISOString()}>{formatClock(turn.at, timeZone)}</time>
            </span>
          </p>
          <div className="flex flex-col gap-1.5 leading-relaxed">
            {turn.lines.map((text, index) => (
              // A turn's lines have no identity beyond their place in it, and never reorder.
              <p key={index}>{text}</p>
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}
