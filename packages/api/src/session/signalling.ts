import type { Prisma } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { appendEvent } from './events';
import type { PeerSignal } from './live-events';
import { roomAccess } from './room-access';

export interface SignalInput {
  appointmentId: string;
  fromPeer: string;
  to: string | null;
  signal: PeerSignal;
}

/**
 * Passes one peer-to-peer signal to the room (rooms without LiveKit): only the room's people, only
 * while its session is live, and only in rooms that have no media server. The feed carries it to
 * the other page, which reads only signals addressed to it or to everyone.
 */
export async function sendSignal(deps: Deps<'db' | 'settings'>, user: UserPrincipal, input: SignalInput) {
  const { appointment } = await roomAccess(deps.db, user, input.appointmentId);
  if (deps.settings.livekit) throw new DomainError('BAD_REQUEST', 'This room’s video goes through LiveKit.');
  if (appointment.status !== 'active') throw new DomainError('CONFLICT', 'This session is not live.');
  await deps.db.$transaction((tx) =>
    appendEvent(tx, appointment.id, {
      type: 'signal',
      from: user.userId,
      fromPeer: input.fromPeer,
      to: input.to,
      signal: input.signal,
    }),
  );
  return { sent: true };
}

/** The id of the room's newest event: a page that joins reads signals after it only. */
export async function lastEventId(deps: Deps<'db'>, appointmentId: string): Promise<string> {
  const last = await deps.db.sessionEvent.findFirst({
    where: { appointmentId },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  return (last?.id ?? 0n).toString();
}

/**
 * The session is over: its call signals go. They served only to connect the call, and their
 * descriptions and candidates carry the people's network addresses, which the record must not keep.
 */
export async function forgetSignals(tx: Prisma.TransactionClient, appointmentId: string): Promise<void> {
  await tx.sessionEvent.deleteMany({ where: { appointmentId, type: 'signal' } });
}
