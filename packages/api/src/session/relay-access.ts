import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { roomPrivacy } from '../privacy/room-privacy';
import { roomAccess } from './room-access';

export interface RelaySpeaker {
  identity: string;
  name: string;
  role: 'client' | 'coach' | 'admin';
}

/**
 * May this person's microphone go to the transcription relay now? Only one of the room's people,
 * only in a peer-to-peer room (LiveKit rooms reach the agent through LiveKit), only while the
 * session is live, and never when the client turned the assistant off (this session or for good),
 * while transcription is paused, or before they agreed to the transcription notice. Asked when
 * the socket opens and again while it stays open.
 */
export async function relayAccess(
  deps: Deps<'db' | 'now' | 'settings'>,
  user: UserPrincipal,
  appointmentId: string,
): Promise<RelaySpeaker> {
  const { appointment, role } = await roomAccess(deps.db, user, appointmentId);
  if (deps.settings.livekit) throw new DomainError('BAD_REQUEST', 'This room’s audio goes through LiveKit.');
  if (appointment.status !== 'active' || deps.now() >= appointment.endsAt)
    throw new DomainError('CONFLICT', 'This session is not live.');
  const privacy = await roomPrivacy(deps, user, appointmentId);
  if (!privacy.assistant.on) throw new DomainError('FORBIDDEN', 'The assistant is off for this session.');
  if (privacy.transcription === 'paused') throw new DomainError('FORBIDDEN', 'Transcription is paused.');
  if (privacy.consentNeeded) throw new DomainError('FORBIDDEN', 'Agree to the transcription notice first.');
  const me = await deps.db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { displayName: true } });
  return { identity: user.userId, name: me.displayName, role: role === 'agent' ? 'admin' : role };
}

/** Only the agent whose claim holds the room hears its relay (one writer per room). */
export async function agentRelayAccess(deps: Deps<'db'>, input: { agentId: string; appointmentId: string }) {
  const claim = await deps.db.agentAssignment.findUnique({
    where: { appointmentId: input.appointmentId },
    select: { agentId: true, status: true },
  });
  if (claim?.status !== 'claimed' || claim.agentId !== input.agentId)
    throw new DomainError('FORBIDDEN', 'This agent does not hold that room.');
}
