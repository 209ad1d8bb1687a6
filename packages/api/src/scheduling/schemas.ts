import { z } from 'zod';
import { timezoneSchema } from '../user/schemas';

const id = z.string().trim().min(1, 'is required').max(64, 'is too long');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-03-14');
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like 09:30');
export const durationMin = z
  .number()
  .int('must be whole minutes')
  .min(15, 'must be at least 15 minutes')
  .max(120, 'must be at most 120 minutes');

const windowShape = z
  .object({ startTime: localTime, endTime: localTime })
  .refine((w) => w.startTime < w.endTime, { message: 'must end after it starts', path: ['endTime'] });

export const weeklyAvailabilityInput = z.object({
  windows: z
    .array(windowShape.and(z.object({ dayOfWeek: z.number().int().min(0, 'must be 0–6').max(6, 'must be 0–6') })))
    .max(70, 'at most 70 windows'),
});

export const oneOffWindowInput = windowShape.and(z.object({ date: localDate }));

export const timeOffInput = z
  .object({ startsAt: z.date(), endsAt: z.date(), reason: z.string().trim().max(200).nullable().default(null) })
  .refine((t) => t.endsAt > t.startsAt, { message: 'must be after the start', path: ['endsAt'] });

/** The coach's booking rules form validates with this too (`@hybridcoach/api/forms`). */
export const bookingRulesInput = z.object({
  bufferMinutes: z
    .number({ error: 'must be a number of minutes' })
    .int('must be whole minutes')
    .min(0, 'must be 0–240 minutes')
    .max(240, 'must be 0–240 minutes'),
  minNoticeMinutes: z
    .number({ error: 'must be a number of hours' })
    .int('must be whole minutes')
    .min(0, 'must be 0–336 hours')
    .max(20160, 'must be 0–336 hours'),
  bookingHorizonDays: z
    .number({ error: 'must be a number of days' })
    .int('must be whole days')
    .min(1, 'must be 1–365 days')
    .max(365, 'must be 1–365 days'),
  isAvailable: z.boolean(),
});

export const openSlotsInput = z
  .object({
    coachId: id.optional(),
    /** For a coach or admin booking on someone's behalf: whose appointments to avoid too. */
    clientId: id.optional(),
    from: localDate,
    to: localDate,
    timezone: timezoneSchema,
    durationMin: durationMin.default(30),
  })
  .refine((q) => q.to >= q.from, { message: 'must not be before the start date', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, {
    message: 'at most 62 days at once',
    path: ['to'],
  });

export const bookInput = z.object({
  coachId: id,
  startsAt: z.date(),
  durationMin: durationMin.default(30),
  /** Coaches and admins book for a client; clients always book for themselves. */
  clientId: id.optional(),
});

export const appointmentIdInput = z.object({ appointmentId: id });

export const cancelInput = appointmentIdInput.extend({ reason: z.string().trim().min(1, 'is required').max(500) });

export const rescheduleInput = appointmentIdInput.extend({ startsAt: z.date(), durationMin: durationMin.optional() });

export const reassignInput = appointmentIdInput.extend({ coachId: id });

export const listInput = z.object({
  scope: z.enum(['upcoming', 'past']),
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).nullish(),
});

export const agendaInput = z
  .object({ from: localDate, to: localDate, timezone: timezoneSchema, coachId: id.optional() })
  .refine((q) => q.to >= q.from, { message: 'must not be before the start date', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 31 * 86_400_000, {
    message: 'at most 31 days at once',
    path: ['to'],
  });
