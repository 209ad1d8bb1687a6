import { type Db, Prisma } from '@hybridcoach/db';
import { eventPayload, type SessionEvent, storedEvent } from './live-events';

export const EVENTS_CHANNEL = 'hc_session_events';

type Tx = Prisma.TransactionClient;

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
export async function appendEvents(tx: Tx, appointmentId: string, events: SessionEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw(eventsLock(appointmentId));
  await tx.sessionEvent.createMany({
    data: events.map((event) => ({ appointmentId, type: event.type, payload: eventPayload(event) })),
  });
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ appointmentId })})`;
}

/** The lock that orders an appointment's events (taken by writers that insert events themselves). */
export function eventsLock(appointmentId: string): Prisma.Sql {
  return Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${`events:${appointmentId}`}))`;
}

export function appendEvent(tx: Tx, appointmentId: string, event: SessionEvent): Promise<void> {
  return appendEvents(tx, appointmentId, [event]);
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
