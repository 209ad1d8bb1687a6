import type { AppointmentStatus } from './types';

export type AppointmentPhase = 'upcoming' | 'joinable' | 'over' | 'cancelled';

/**
 * Where an appointment stands for the person looking at it: the room can be joined from
 * `joinEarlyMinutes` before the start (the server's JOIN_EARLY_MINUTES) until the end; after
 * that there is a session record.
 */
export function appointmentPhase(
  appointment: { status: AppointmentStatus; scheduledFor: Date; endsAt: Date },
  now: Date,
  joinEarlyMinutes: number,
): AppointmentPhase {
  if (appointment.status === 'cancelled') return 'cancelled';
  if (appointment.status === 'completed' || now >= appointment.endsAt) return 'over';
  if (now.getTime() >= appointment.scheduledFor.getTime() - joinEarlyMinutes * 60_000) return 'joinable';
  return 'upcoming';
}
