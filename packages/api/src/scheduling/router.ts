import { z } from 'zod';
import { authedProcedure, roleProcedure, router } from '../core/trpc';
import { appointmentWithRules } from './appointment-view';
import { agenda, listAppointments } from './appointments';
import {
  addOneOffWindow,
  addTimeOff,
  getAvailability,
  removeTimeOff,
  removeWindow,
  setBookingRules,
  setWeeklyAvailability,
} from './availability';
import { book, cancel, reassign, reschedule } from './booking';
import { calendarFeedActive, createCalendarFeed, revokeCalendarFeed } from './calendar-feed';
import { openSlotsFor } from './open-slots';
import {
  agendaInput,
  appointmentIdInput,
  bookInput,
  bookingRulesInput,
  cancelInput,
  listInput,
  oneOffWindowInput,
  openSlotsInput,
  reassignInput,
  rescheduleInput,
  timeOffInput,
  weeklyAvailabilityInput,
} from './schemas';

const coachProcedure = roleProcedure('coach');

const idInput = z.object({ id: z.string().min(1).max(64) });

export const schedulingRouter = router({
  // Availability (the coach's own)
  availability: authedProcedure
    .input(z.object({ coachId: z.string().min(1).max(64).optional() }))
    .query(({ ctx, input }) => getAvailability(ctx.db, ctx.user, input.coachId ?? ctx.user.userId, ctx.now())),
  setWeeklyAvailability: coachProcedure
    .input(weeklyAvailabilityInput)
    .mutation(({ ctx, input }) => setWeeklyAvailability(ctx.db, ctx.user.userId, input)),
  addOneOffWindow: coachProcedure
    .input(oneOffWindowInput)
    .mutation(({ ctx, input }) => addOneOffWindow(ctx.db, ctx.user.userId, input, ctx.now())),
  removeWindow: coachProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => removeWindow(ctx.db, ctx.user.userId, input.id)),
  addTimeOff: coachProcedure
    .input(timeOffInput)
    .mutation(({ ctx, input }) => addTimeOff(ctx.db, ctx.user.userId, input, ctx.now())),
  removeTimeOff: coachProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => removeTimeOff(ctx.db, ctx.user.userId, input.id)),
  setBookingRules: coachProcedure
    .input(bookingRulesInput)
    .mutation(({ ctx, input }) => setBookingRules(ctx.db, ctx.user.userId, input)),

  // Finding and booking time
  openSlots: authedProcedure.input(openSlotsInput).query(({ ctx, input }) => openSlotsFor(ctx, ctx.user, input)),
  book: authedProcedure.input(bookInput).mutation(({ ctx, input }) => book(ctx, ctx.user, input)),
  cancel: authedProcedure.input(cancelInput).mutation(({ ctx, input }) => cancel(ctx, ctx.user, input)),
  reschedule: authedProcedure.input(rescheduleInput).mutation(({ ctx, input }) => reschedule(ctx, ctx.user, input)),
  reassign: roleProcedure('coach', 'admin')
    .input(reassignInput)
    .mutation(({ ctx, input }) => reassign(ctx, ctx.user, input)),

  // Reading
  appointments: authedProcedure
    .input(listInput)
    .query(({ ctx, input }) => listAppointments(ctx.db, ctx.user, input, ctx.now())),
  appointment: authedProcedure
    .input(appointmentIdInput)
    .query(({ ctx, input }) => appointmentWithRules(ctx, ctx.user, input.appointmentId)),
  agenda: roleProcedure('coach', 'admin')
    .input(agendaInput)
    .query(({ ctx, input }) => agenda(ctx.db, ctx.user, input)),

  // Private calendar feed
  calendarFeed: authedProcedure.query(({ ctx }) => calendarFeedActive(ctx.db, ctx.user.userId)),
  createCalendarFeed: authedProcedure.mutation(({ ctx }) =>
    createCalendarFeed(ctx.db, ctx.user.userId, ctx.settings.publicUrl),
  ),
  revokeCalendarFeed: authedProcedure.mutation(({ ctx }) => revokeCalendarFeed(ctx.db, ctx.user.userId)),
});
