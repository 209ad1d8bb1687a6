/** Words a speaker may say before the wake phrase and still be addressing the assistant. */
const LEAD_INS = new Set(['hey', 'hi', 'hello', 'ok', 'okay', 'so', 'and', 'um', 'uh', 'oh', 'well', 'excuse', 'me']);

const words = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];

/**
 * Is this utterance addressed to the assistant? Yes when the wake phrase opens it, after at most
 * a few lead-in words ("Hey assistant, …", "Okay assistant …"), so that "my assistant at work"
 * is not. `question` is what follows the wake phrase (empty when they only called it).
 */
export function addressed(text: string, wakePhrase: string): { addressed: boolean; question: string } {
  const said = words(text);
  const wake = words(wakePhrase);
  if (wake.length === 0) return { addressed: false, question: '' };
  for (let at = 0; at <= Math.min(said.length - wake.length, 3); at++) {
    if (!said.slice(0, at).every((w) => LEAD_INS.has(w))) break;
    if (wake.every((w, i) => said[at + i] === w)) {
      return { addressed: true, question: said.slice(at + wake.length).join(' ') };
    }
  }
  return { addressed: false, question: '' };
}

/**
 * Who has asked for the assistant's attention and not yet said their question: the room's
 * "Ask the assistant" button, or calling it by name without a question. Their next utterance
 * within `windowMs` is addressed to it.
 */
export class AttentionWindows {
  private readonly open = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  ask(identity: string, atMs: number): void {
    this.open.set(identity, atMs + this.windowMs);
  }

  /** Consumes the identity's window if it is open at `atMs`. */
  take(identity: string, atMs: number): boolean {
    const until = this.open.get(identity);
    this.open.delete(identity);
    return until !== undefined && atMs <= until;
  }

  isOpen(identity: string, atMs: number): boolean {
    const until = this.open.get(identity);
    return until !== undefined && atMs <= until;
  }
}
