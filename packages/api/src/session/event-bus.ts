import type { Logger } from '@hybridcoach/config';
import pg from 'pg';
import { INBOX_CHANNEL } from '../messaging/inbox-notify';
import { type EphemeralEvent, EVENTS_CHANNEL, isEphemeral } from './events';
import { sessionEvent } from './live-events';

/** Called with nothing for "there is news in the table", or with an ephemeral event to pass on. */
type Listener = (live?: EphemeralEvent) => void;

/**
 * One LISTEN connection per server process. NOTIFY carries "appointment X has news" (or, on the
 * inbox channel, "user X has news") — subscribers then read the tables, so a missed or merged
 * notification loses nothing — or an ephemeral event (a caption), handed to the appointment's
 * subscribers as it is. Reconnects with backoff and wakes every subscriber afterwards to catch up.
 */
export class SessionEventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(delayMs = 250): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      try {
        const { appointmentId, userId, live } = JSON.parse(message.payload ?? '{}') as {
          appointmentId?: string;
          userId?: string;
          live?: unknown;
        };
        if (message.channel === INBOX_CHANNEL && userId) this.wake(inboxKey(userId));
        else if (appointmentId && live === undefined) this.wake(appointmentId);
        else if (appointmentId) {
          const event = sessionEvent.safeParse(live);
          if (event.success && isEphemeral(event.data)) this.wake(appointmentId, event.data);
        }
      } catch (err) {
        this.logger.warn({ err }, 'unreadable session event notification');
      }
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'session event listener lost its connection; reconnecting');
      void client.end().catch(() => undefined);
      if (this.client === client) this.client = null;
      setTimeout(() => void this.connect(Math.min(delayMs * 2, 10_000)), delayMs);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${INBOX_CHANNEL}`);
      this.client = client;
      // Anything committed while we were away: let every subscriber re-read.
      for (const id of this.listeners.keys()) this.wake(id);
    } catch (err) {
      this.logger.warn({ err, retryInMs: delayMs }, 'could not listen for session events');
      void client.end().catch(() => undefined);
      setTimeout(() => void this.connect(Math.min(delayMs * 2, 10_000)), delayMs);
    }
  }

  /** Whether NOTIFYs reach this process now (readiness: without it live feeds stall). */
  get listening(): boolean {
    return this.client !== null;
  }

  subscribe(appointmentId: string, listener: Listener): () => void {
    let set = this.listeners.get(appointmentId);
    if (!set) {
      set = new Set();
      this.listeners.set(appointmentId, set);
    }
    set.add(listener);
    return () => {
      set?.delete(listener);
      if (set?.size === 0) this.listeners.delete(appointmentId);
    };
  }

  /** A person's inbox: woken when a message or read mark in one of their threads commits. */
  subscribeInbox(userId: string, listener: Listener): () => void {
    return this.subscribe(inboxKey(userId), listener);
  }

  private wake(key: string, live?: EphemeralEvent): void {
    for (const listener of this.listeners.get(key) ?? []) listener(live);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}

/** Inbox keys share the listener map with appointment ids; the prefix keeps them apart. */
function inboxKey(userId: string): string {
  return `inbox:${userId}`;
}
