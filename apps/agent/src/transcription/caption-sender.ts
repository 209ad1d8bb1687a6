type Caption = { text: string; startedAt: Date };

/**
 * Passes live captions on without queueing them up: one call in flight per room, and while it is
 * out only the latest caption of each participant waits (an older one is out of date anyway).
 * A caption still waiting when the participant's final segment arrives is dropped.
 */
export class CaptionSender {
  private readonly waiting = new Map<string, Caption>();
  private sending = false;

  constructor(private readonly send: (identity: string, caption: Caption) => Promise<unknown>) {}

  push(identity: string, caption: Caption): void {
    this.waiting.set(identity, caption);
    void this.pump();
  }

  /** The participant's utterance is settled: a caption of it that has not gone out never will. */
  settled(identity: string): void {
    this.waiting.delete(identity);
  }

  clear(): void {
    this.waiting.clear();
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (;;) {
        const next = this.waiting.entries().next();
        if (next.done) return;
        const [identity, caption] = next.value;
        this.waiting.delete(identity);
        // A lost caption is not worth retrying: the next one, or the final segment, replaces it.
        await this.send(identity, caption).catch(() => undefined);
      }
    } finally {
      this.sending = false;
    }
  }
}
