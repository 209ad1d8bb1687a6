import type { Deps } from '../core/context';
import type { UserPrincipal } from '../core/principal';
import { recordJoin, recordLeave } from './presence';
import { roomAccess } from './room-access';

/**
 * How long after a person's last live feed closes their stay ends: a page reload or a network
 * blip that reconnects within it keeps them in the room.
 */
export const LEAVE_GRACE_MS = 8_000;

/** Open feeds per appointment and person in this process, and the leaves waiting out their grace. */
const open = new Map<string, number>();
const pendingLeaves = new Map<string, NodeJS.Timeout>();
/** People who pressed Leave: a feed of theirs still closing does not bring them back. */
const leftByChoice = new Set<string>();

const keyOf = (appointmentId: string, userId: string) => `${appointmentId}:${userId}`;

/** Opens the person's stay if the session is live and they have none open (idempotent). */
async function markPresent(deps: Deps<'db' | 'now'>, user: UserPrincipal, appointmentId: string): Promise<void> {
  const { appointment, role } = await roomAccess(deps.db, user, appointmentId);
  if (appointment.status !== 'active') return;
  const me = await deps.db.user.findUnique({ where: { id: user.userId }, select: { displayName: true } });
  await deps.db.$transaction((tx) =>
    recordJoin(tx, { appointmentId, identity: user.userId, name: me?.displayName ?? null, role, at: deps.now() }),
  );
}

/**
 * Presence in rooms without LiveKit (peer-to-peer and text rooms), where no media server reports
 * who is there: a person is in the room while their page holds the room's live feed. The feed
 * opening (and every re-check while it runs) opens a stay if none is open — so a stay another
 * server closed during a reconnect is opened again — and the last feed of theirs closing ends the
 * stay at that moment, once `LEAVE_GRACE_MS` has passed without a new one.
 */
export function feedPresence(deps: Deps<'db' | 'now' | 'logger'>, user: UserPrincipal, appointmentId: string) {
  const key = keyOf(appointmentId, user.userId);
  return {
    async opened(): Promise<void> {
      open.set(key, (open.get(key) ?? 0) + 1);
      const pending = pendingLeaves.get(key);
      if (pending) clearTimeout(pending);
      pendingLeaves.delete(key);
      leftByChoice.delete(key);
      await markPresent(deps, user, appointmentId);
    },
    // Every re-check of the feed: one indexed lookup while the stay is open (the usual case).
    still: async () => {
      if (leftByChoice.has(key)) return;
      const open = await deps.db.sessionParticipant.findFirst({
        where: { appointmentId, identity: user.userId, leftAt: null },
        select: { id: true },
      });
      if (!open) await markPresent(deps, user, appointmentId);
    },
    closed(): void {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) {
        open.set(key, left);
        return;
      }
      open.delete(key);
      const at = deps.now();
      const timer = setTimeout(() => {
        pendingLeaves.delete(key);
        if (open.has(key)) return;
        deps.db
          .$transaction((tx) => recordLeave(tx, { appointmentId, identity: user.userId, at }))
          .catch((err: unknown) => deps.logger.warn({ err, appointmentId }, 'could not record a leave'));
      }, LEAVE_GRACE_MS);
      timer.unref();
      pendingLeaves.set(key, timer);
    },
  };
}

/** The person leaves the room now (the Leave button): their stay ends without waiting for the feed. */
export async function leaveRoom(deps: Deps<'db' | 'now'>, user: UserPrincipal, appointmentId: string) {
  await roomAccess(deps.db, user, appointmentId);
  if (open.has(keyOf(appointmentId, user.userId))) leftByChoice.add(keyOf(appointmentId, user.userId));
  const left = await deps.db.$transaction((tx) =>
    recordLeave(tx, { appointmentId, identity: user.userId, at: deps.now() }),
  );
  return { left };
}
