import type { Db, Prisma } from '@hybridcoach/db';

export const EVENTS_CHANNEL = 'hc_session_events';

export type SessionEventType = 'message' | 'timer_warning' | 'state' | 'participant';

export interface SessionEventView {
  /** Decimal string of the event's id: what SSE carries as the event id. */
  id: string;
  appointmentId: string;
  type: SessionEventType;
  payload: Prisma.JsonValue;
  createdAt: Date;
}

type Tx = Prisma.TransactionClient;

/**
 * Records an event inside the caller's transaction and announces it to every server process
 * (NOTIFY is delivered at commit). The per-appointment lock makes ids commit in order within
 * one appointment, so "everything after id N" never skips an event that commits late.
 */
export async function appendEvent(
  tx: Tx,
  appointmentId: string,
  type: SessionEventType,
  payload: Prisma.InputJsonValue,
): Promise<void> {
  await appendEvents(tx, appointmentId, [{ type, payload }]);
}

/** Several events of one appointment at once: one lock, one insert, one notification. */
export async function appendEvents(
  tx: Tx,
  appointmentId: string,
  events: { type: SessionEventType; payload: Prisma.InputJsonValue }[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`events:${appointmentId}`}))`;
  await tx.sessionEvent.createMany({ data: events.map((e) => ({ appointmentId, ...e })) });
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ appointmentId })})`;
}

export async function eventsAfter(
  db: Db,
  appointmentId: string,
  afterId: bigint,
  limit = 500,
): Promise<SessionEventView[]> {
  const rows = await db.sessionEvent.findMany({
    where: { appointmentId, id: { gt: afterId } },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    appointmentId: r.appointmentId,
    type: r.type as SessionEventType,
    payload: r.payload,
    createdAt: r.createdAt,
  }));
}
