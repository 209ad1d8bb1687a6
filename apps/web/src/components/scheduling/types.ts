import type { RouterInputs, RouterOutputs } from '../../lib/api-types';

/** An appointment as the scheduling procedures return it, with both people. */
export type Appointment = RouterOutputs['scheduling']['appointment'];
export type AppointmentStatus = Appointment['status'];
export type OpenSlot = RouterOutputs['scheduling']['openSlots'][number];
export type CoachCard = RouterOutputs['coach']['list'][number];
export type CoachAvailability = RouterOutputs['scheduling']['availability'];
export type WeeklyWindow = RouterInputs['scheduling']['setWeeklyAvailability']['windows'][number];
export type AppNotification = RouterOutputs['notification']['list']['items'][number];
