import type { AppointmentStatus } from './types';

/** How early the room opens, as the server's `session.joinEarlyMinutes` (default 10). */
export const JOIN_EARLY_MINUTES = 10;

export type AppointmentPhase = 'upcoming' | 'joinable' | 'over' | 'cancelled';

/**
 * Where an appointment stands for the person looking at it: the room can be joined from
 * 10 minutes before the start until the end; after that there is a session record.
 */
export function appointmentPhase(
  appointment: { status: AppointmentStatus; scheduledFor: Date; endsAt: Date },
  now: Date,
): AppointmentPhase {
  if (appointment.status === 'cancelled') return 'cancelled';
  if (appointment.status === 'completed' || now >= appointment.endsAt) return 'over';
  if (now.getTime() >= appointment.scheduledFor.getTime() - JOIN_EARLY_MINUTES * 60_000) return 'joinable';
  return 'upcoming';
}
