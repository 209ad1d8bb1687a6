import { type Db, Prisma } from '@hybridcoach/db';
import { EPHEMERAL_EVENT_TYPES, eventPayload, type SessionEvent, storedEvent } from './live-events';

export const EVENTS_CHANNEL = 'hc_session_events';

type Tx = Prisma.TransactionClient;

/** An event that is kept in the SessionEvent table (ephemeral ones go by `notifyLive`). */
export type StorableEvent = Exclude<SessionEvent, { type: (typeof EPHEMERAL_EVENT_TYPES)[number] }>;
export type EphemeralEvent = Extract<SessionEvent, { type: (typeof EPHEMERAL_EVENT_TYPES)[number] }>;

export function isEphemeral(event: SessionEvent): event is EphemeralEvent {
  return (EPHEMERAL_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** What a notification on EVENTS_CHANNEL carries: the appointment, and an ephemeral event if any. */
export interface EventsNotification {
  appointmentId: string;
  live?: EphemeralEvent;
}

export interface StoredSessionEvent {
  /** Decimal string of the event's id: what SSE carries as the event id. */
  id: string;
  event: SessionEvent;
}

/**
 * Records events of one appointment inside the caller's transaction and announces them to
 * every server process (NOTIFY is delivered at commit): one lock, one insert, one notification.
 * The per-appointment lock makes ids commit in order within one appointment, so "everything
 * after id N" never skips an event that commits late.
 */
export async function appendEvents(tx: Tx, appointmentId: string, events: StorableEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw(eventsLock(appointmentId));
  await tx.sessionEvent.createMany({
    data: events.map((event) => ({ appointmentId, type: event.type, payload: eventPayload(event) })),
  });
  const notification: EventsNotification = { appointmentId };
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(notification)})`;
}

/** The lock that orders an appointment's events (taken by writers that insert events themselves). */
export function eventsLock(appointmentId: string): Prisma.Sql {
  return Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${`events:${appointmentId}`}))`;
}

export function appendEvent(tx: Tx, appointmentId: string, event: StorableEvent): Promise<void> {
  return appendEvents(tx, appointmentId, [event]);
}

/**
 * Delivers an ephemeral event (a caption) to every server process's subscribers of the
 * appointment, in the NOTIFY payload itself: nothing is written, so interim results at speech
 * rate cost no table rows. A subscriber that is not connected at that moment never sees it.
 */
export async function notifyLive(db: Db, appointmentId: string, event: EphemeralEvent): Promise<void> {
  const notification: EventsNotification = { appointmentId, live: event };
  await db.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(notification)})`;
}

/**
 * Events after `afterId`, oldest first. A row that does not read as an event (written by a
 * newer server during a rolling deploy) is skipped; `lastId` still moves past it.
 */
export async function eventsAfter(
  db: Db,
  appointmentId: string,
  afterId: bigint,
  limit = 500,
): Promise<{ events: StoredSessionEvent[]; lastId: bigint; full: boolean }> {
  const rows = await db.sessionEvent.findMany({
    where: { appointmentId, id: { gt: afterId } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, type: true, payload: true },
  });
  const events: StoredSessionEvent[] = [];
  for (const row of rows) {
    const event = storedEvent(row.type, row.payload);
    if (event) events.push({ id: row.id.toString(), event });
  }
  return { events, lastId: rows.at(-1)?.id ?? afterId, full: rows.length === limit };
}
