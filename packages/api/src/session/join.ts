import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { assertConsentToJoin } from '../privacy/room-privacy';
import { appendEvent } from './events';
import { mintRoomToken } from './livekit';
import { recordJoin } from './presence';
import { roomAccess } from './room-access';
import { lastEventId } from './signalling';

/**
 * Enters an appointment's room: only its client, its coach or an admin, only from
 * `joinEarlyMinutes` before the start until the end, and only after agreeing to the
 * transcription notice where the assistant is on. Opens the meeting record (the first one in
 * starts it), records the caller as present, marks the appointment active, asks for the AI
 * agent, and mints a LiveKit token for this room only — or, when LiveKit is not configured,
 * gives what a peer-to-peer call needs: the ICE servers, and where in the feed this page's
 * signals begin.
 */
export async function joinRoom(deps: Deps<'db' | 'now' | 'settings'>, user: UserPrincipal, appointmentId: string) {
  const { appointment, role } = await roomAccess(deps.db, user, appointmentId);
  const now = deps.now();
  if (appointment.status === 'cancelled' || appointment.status === 'completed') {
    throw new DomainError('BAD_REQUEST', `This session is ${appointment.status}; it cannot be joined.`);
  }
  const opensAt = new Date(appointment.scheduledFor.getTime() - deps.settings.session.joinEarlyMinutes * 60_000);
  if (now < opensAt) {
    throw new DomainError(
      'FORBIDDEN',
      `The room opens ${deps.settings.session.joinEarlyMinutes} minutes before the start (${opensAt.toISOString()}).`,
    );
  }
  if (now >= appointment.endsAt) throw new DomainError('FORBIDDEN', 'This session is over.');
  await assertConsentToJoin(deps, user, appointmentId);

  const me = await deps.db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { displayName: true } });
  const session = await deps.db.$transaction(async (tx) => {
    // Two people (or two tabs) joining at once: one opens the meeting, each opens one stay.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`join:${appointmentId}`}))`;
    const meeting = await tx.session.upsert({
      where: { appointmentId },
      create: { appointmentId, startedAt: now },
      update: {},
      select: { id: true },
    });
    const { count } = await tx.appointment.updateMany({
      where: { id: appointmentId, status: 'scheduled' },
      data: { status: 'active' },
    });
    if (count === 1) await appendEvent(tx, appointmentId, { type: 'state', status: 'active', at: now });
    await recordJoin(tx, { appointmentId, identity: user.userId, name: me.displayName, role, at: now });
    // The assistant joins only where the client has not turned it off (this session or for good).
    const assistantOff = await tx.appointment.count({
      where: { id: appointmentId, OR: [{ aiOffAt: { not: null } }, { client: { aiOptOutAt: { not: null } } }] },
    });
    if (assistantOff === 0)
      await tx.agentAssignment.upsert({
        where: { appointmentId },
        create: { appointmentId, roomId: appointment.roomId },
        update: {},
      });
    return meeting;
  });
  const livekit = deps.settings.livekit
    ? {
        url: deps.settings.livekit.url,
        token: await mintRoomToken(deps.settings.livekit, {
          roomId: appointment.roomId,
          identity: user.userId,
          name: me.displayName,
          metadata: JSON.stringify({ role }),
        }),
      }
    : null;
  const p2p = deps.settings.livekit
    ? null
    : { iceServers: deps.settings.iceServers, signalsAfter: await lastEventId(deps, appointmentId) };
  return {
    sessionId: session.id,
    roomId: appointment.roomId,
    role,
    startsAt: appointment.scheduledFor,
    endsAt: appointment.endsAt,
    warningMinutes: deps.settings.session.warningMinutes,
    assistantMode: appointment.assistantMode,
    livekit,
    p2p,
  };
}
