import type { Deps } from '../core/context';
import type { UserPrincipal } from '../core/principal';
import { storedEvent } from './live-events';
import { roomAccess } from './room-access';

/**
 * What the waiting room shows before joining: who is in the room now, how the session stands,
 * and what the assistant is doing — read, not joined (looking does not count as being there).
 */
export async function roomLobby(deps: Deps<'db' | 'settings'>, user: UserPrincipal, appointmentId: string) {
  const { appointment } = await roomAccess(deps.db, user, appointmentId);
  const [present, lastState] = await Promise.all([
    deps.db.sessionParticipant.findMany({
      where: { appointmentId, leftAt: null },
      orderBy: { joinedAt: 'asc' },
      select: { identity: true, displayName: true, role: true, joinedAt: true },
    }),
    deps.db.sessionEvent.findFirst({
      where: { appointmentId, type: 'assistant_state' },
      orderBy: { id: 'desc' },
      select: { type: true, payload: true },
    }),
  ]);
  const state = lastState ? storedEvent(lastState.type, lastState.payload) : null;
  return {
    status: appointment.status,
    startsAt: appointment.scheduledFor,
    opensAt: new Date(appointment.scheduledFor.getTime() - deps.settings.session.joinEarlyMinutes * 60_000),
    endsAt: appointment.endsAt,
    media: deps.settings.livekit ? ('livekit' as const) : ('p2p' as const),
    present: present
      .filter((p) => p.identity !== user.userId)
      .map((p) => ({ identity: p.identity, name: p.displayName, role: p.role, since: p.joinedAt })),
    assistant: {
      mode: appointment.assistantMode,
      state: state?.type === 'assistant_state' ? state.state : null,
    },
  };
}
