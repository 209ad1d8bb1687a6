import { Badge } from '../ui/Badge';
import type { Assistant, AssistantMode, Presence } from './room-events';

export interface PresenceStripProps {
  /** The session's two people (and anyone else the feed saw), by identity. */
  people: { identity: string; name: string; role: string }[];
  presence: Record<string, Presence>;
  me: string;
  assistant: Assistant;
  mode: AssistantMode;
}

/**
 * Who is in the room now and whether the assistant is listening, paused or off — one line that
 * both sides see above the call, announced politely as it changes.
 */
export function PresenceStrip({ people, presence, me, assistant, mode }: PresenceStripProps) {
  const assistantLabel =
    mode === 'off'
      ? 'off'
      : assistant.state === 'listening' || assistant.state === 'answering'
        ? 'listening'
        : 'paused';
  return (
    <section
      aria-label="In the room"
      aria-live="polite"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-muted-foreground"
    >
      {people.map((person) => {
        const here = person.identity === me || presence[person.identity]?.joined === true;
        return (
          <span key={person.identity} className="inline-flex items-center gap-1.5">
            <span
              aria-hidden
              className={here ? 'size-2 rounded-full bg-brand-500' : 'size-2 rounded-full bg-muted-foreground/40'}
            />
            <span className="font-medium text-foreground">{person.identity === me ? 'You' : person.name}</span>
            {here ? 'in the room' : 'not here'}
          </span>
        );
      })}
      <Badge tone={assistantLabel === 'listening' ? 'success' : assistantLabel === 'off' ? 'neutral' : 'warning'}>
        Assistant {assistantLabel}
      </Badge>
    </section>
  );
}
