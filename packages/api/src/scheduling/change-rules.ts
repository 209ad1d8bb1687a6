/**
 * Until when a scheduled session can be cancelled or moved, and by whom. Import-free, so the
 * server enforces it and pages show it (at booking, on the appointment) from the same words.
 */

/** Clients have a cut-off (CANCEL_CUTOFF_HOURS); coaches and admins do not. */
export type ChangerRole = 'client' | 'coach' | 'admin';

export interface ChangeRules {
  /** The last moment this person can cancel or move the session; null when no cut-off applies. */
  deadline: Date | null;
  /** Null when they can; otherwise why not, in words for them. */
  blocked: string | null;
}

export function changeDeadline(startsAt: Date, cutoffHours: number): Date {
  return new Date(startsAt.getTime() - cutoffHours * 3_600_000);
}

export function lateChangeMessage(cutoffHours: number): string {
  return `Sessions can be cancelled or moved up to ${cutoffHours} hours before they start, and this one starts sooner. Message your coach instead.`;
}

export function changeRules(
  appointment: { status: string; scheduledFor: Date },
  role: ChangerRole,
  now: Date,
  cutoffHours: number,
): ChangeRules {
  if (appointment.status !== 'scheduled') {
    return {
      deadline: null,
      blocked: `Only a scheduled session can be cancelled or moved; this one is ${appointment.status}.`,
    };
  }
  if (role !== 'client') return { deadline: null, blocked: null };
  const deadline = changeDeadline(appointment.scheduledFor, cutoffHours);
  return { deadline, blocked: now.getTime() >= deadline.getTime() ? lateChangeMessage(cutoffHours) : null };
}
