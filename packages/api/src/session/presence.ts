import type { ParticipantRole, Prisma } from '@hybridcoach/db';
import { appendEvent } from './events';

type Tx = Prisma.TransactionClient;

const secondsBetween = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/**
 * Someone is in the room from `at`: opens a stay and tells the room, unless they already have
 * an open one (a page reload, or LiveKit confirming the join the page already announced).
 * Returns whether a stay was opened.
 */
export async function recordJoin(
  tx: Tx,
  input: { appointmentId: string; identity: string; name: string | null; role: ParticipantRole; at: Date },
): Promise<boolean> {
  const open = await tx.sessionParticipant.findFirst({
    where: { appointmentId: input.appointmentId, identity: input.identity, leftAt: null },
    select: { id: true },
  });
  if (open) return false;
  await tx.sessionParticipant.create({
    data: {
      appointmentId: input.appointmentId,
      identity: input.identity,
      displayName: input.name,
      role: input.role,
      joinedAt: input.at,
    },
  });
  await appendEvent(tx, input.appointmentId, {
    type: 'participant',
    identity: input.identity,
    name: input.name,
    role: input.role,
    joined: true,
  });
  return true;
}

/** Someone left at `at`: closes their open stay with the seconds present and tells the room. */
export async function recordLeave(tx: Tx, input: { appointmentId: string; identity: string; at: Date }) {
  const open = await tx.sessionParticipant.findFirst({
    where: { appointmentId: input.appointmentId, identity: input.identity, leftAt: null },
    orderBy: { joinedAt: 'desc' },
  });
  if (!open) return false;
  await tx.sessionParticipant.update({
    where: { id: open.id },
    data: { leftAt: input.at, secondsPresent: secondsBetween(open.joinedAt, input.at) },
  });
  await appendEvent(tx, input.appointmentId, {
    type: 'participant',
    identity: input.identity,
    name: open.displayName,
    role: open.role,
    joined: false,
  });
  return true;
}

/** The session is over: every stay still open ends at `at` (one statement). */
export async function closeOpenStays(tx: Tx, appointmentId: string, at: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE "SessionParticipant"
    SET "leftAt" = GREATEST(${at}::timestamptz, "joinedAt"),
        "secondsPresent" = GREATEST(0, round(extract(epoch FROM ${at}::timestamptz - "joinedAt")))::int
    WHERE "appointmentId" = ${appointmentId} AND "leftAt" IS NULL`;
}

/** Whether a user has been in the room at all (stays are kept after they leave). */
export async function hasJoined(tx: Tx, appointmentId: string, userId: string): Promise<boolean> {
  return (await tx.sessionParticipant.count({ where: { appointmentId, identity: userId } })) > 0;
}
