import type { RouterInputs, RouterOutputs } from '../../lib/api-types';

/** An appointment as the scheduling procedures return it, with both people. */
export type Appointment = RouterOutputs['scheduling']['cancel'];
/** One appointment as its page reads it: with what the viewer can still do with it, and why not. */
export type AppointmentWithRules = RouterOutputs['scheduling']['appointment'];
export type AppointmentStatus = Appointment['status'];
export type OpenSlots = RouterOutputs['scheduling']['openSlots'];
export type OpenTime = OpenSlots['days'][number]['times'][number];
/** A time someone picked: the date it falls on in their zone and the instants it spans. */
export interface PickedSlot {
  localDate: string;
  startsAt: Date;
  endsAt: Date;
}
export type CoachCard = RouterOutputs['coach']['list'][number];
export type CoachAvailability = RouterOutputs['scheduling']['availability'];
export type WeeklyWindow = RouterInputs['scheduling']['setWeeklyAvailability']['windows'][number];
export type AppNotification = RouterOutputs['notification']['list']['items'][number];
