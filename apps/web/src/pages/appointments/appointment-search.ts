export type AppointmentScope = 'upcoming' | 'past';

/** `/appointments?scope=past`: which list is open. */
export function parseAppointmentsSearch(search: Record<string, unknown>): { scope?: AppointmentScope } {
  return { scope: search.scope === 'past' ? 'past' : undefined };
}

/** What just happened to the appointment, for the confirmation on its page. */
export type AppointmentChangeDone = 'booked' | 'moved' | 'cancelled' | 'reassigned';
const changes: readonly AppointmentChangeDone[] = ['booked', 'moved', 'cancelled', 'reassigned'];

export function parseAppointmentSearch(search: Record<string, unknown>): { done?: AppointmentChangeDone } {
  return { done: changes.find((c) => c === search.done) };
}
