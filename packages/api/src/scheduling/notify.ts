import { Prisma, sqlRows } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { coachNameOf, formatMove, formatWhenRange } from '../format';
import { emailFooter } from '../notification/email-footer';
import { DEFAULT_LOCALE, type Delivery, deliveryFor } from '../notification/preferences';
import { emailWhereWanted } from '../notification/topic-email';
import type { AppointmentView } from './appointment-view';
import { buildCalendar, type IcsEvent } from './ics';

export type AppointmentChange = 'booked' | 'cancelled' | 'rescheduled' | 'reassigned';

const TITLES: Record<AppointmentChange, string> = {
  booked: 'Session booked',
  cancelled: 'Session cancelled',
  rescheduled: 'Session moved',
  reassigned: 'Session has a new coach',
};

export function icsEventFor(appointment: AppointmentView, publicUrl: string): IcsEvent {
  const coachName = coachNameOf(appointment.coach);
  return {
    uid: `${appointment.id}@hybridcoach`,
    startsAt: appointment.scheduledFor,
    endsAt: appointment.endsAt,
    summary: `HybridCoach session: ${appointment.client.displayName} with ${coachName}`,
    description: `Join from ${publicUrl}/appointments/${appointment.id}`,
    url: `${publicUrl}/appointments/${appointment.id}`,
    status: appointment.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    // Calendar apps keep the event with the highest SEQUENCE; updatedAt only grows.
    sequence: Math.floor(appointment.updatedAt.getTime() / 1000),
    updatedAt: appointment.updatedAt,
    organizer: { name: 'HybridCoach', email: 'no-reply@hybridcoach.local' },
    attendees: [
      { name: appointment.client.displayName, email: appointment.client.email },
      { name: coachName, email: appointment.coach.email },
    ],
  };
}

interface Recipient {
  id: string;
  email: string;
  timezone: string;
  /** How this recipient names the other side of the session. */
  other: string;
}

/**
 * The text of an appointment change as one recipient reads it, in their zone and locale:
 * "Session moved: with Coach Tomás from Tue, Dec 1 · 9:00 AM to Wed, Dec 2 · 10:00 AM EST."
 */
export function changeText(
  change: AppointmentChange,
  appointment: Pick<AppointmentView, 'scheduledFor' | 'endsAt' | 'cancelReason'> & { coachName: string },
  recipient: { timezone: string; locale: string; other: string; lostIt?: boolean },
  context: { now: Date; movedFrom?: Date },
): string {
  const reader = { timeZone: recipient.timezone, locale: recipient.locale, now: context.now };
  const when = formatWhenRange(appointment.scheduledFor, appointment.endsAt, reader);
  if (recipient.lostIt)
    return `Your session with ${recipient.other} on ${when} now belongs to ${appointment.coachName}.`;
  if (change === 'rescheduled' && context.movedFrom) {
    return `${TITLES[change]}: with ${recipient.other} ${formatMove(context.movedFrom, appointment.scheduledFor, reader)}.`;
  }
  const reason = appointment.cancelReason && change === 'cancelled' ? ` Reason: ${appointment.cancelReason}` : '';
  return `${TITLES[change]}: with ${recipient.other} on ${when}.${reason}`;
}

interface AnnounceExtra {
  previousCoach?: { id: string; email: string; timezone: string };
  /** Where a rescheduled session was before, for "moved from … to …". */
  movedFrom?: Date;
}

/** The people an appointment change is told to: both parties, and a coach who lost the session. */
function recipientIds(appointment: Pick<AppointmentView, 'coach' | 'client'>, extra: AnnounceExtra = {}) {
  return [appointment.client.id, appointment.coach.id, ...(extra.previousCoach ? [extra.previousCoach.id] : [])];
}

/**
 * Tells both parties (and a coach who lost the session): a Notification each, and an email
 * with the event as an ICS attachment to those who want appointment emails. Emails are not
 * awaited: the change is already made and a slow mail server must not fail it; failures are
 * logged.
 */
export async function announce(
  deps: Deps<'db' | 'logger' | 'mailer' | 'settings' | 'now'>,
  change: AppointmentChange,
  appointment: AppointmentView,
  extra: AnnounceExtra = {},
) {
  const deliveries = await deliveryFor(deps.db, recipientIds(appointment, extra), 'appointments');
  const made = announcement(deps, change, appointment, { ...extra, deliveries, now: deps.now() });
  await sqlRows(deps.db, made.notifications);
  made.sendEmails(deps);
}

/**
 * `announce` in two parts, for a caller that writes the notifications in its own transaction
 * (a booking, on the connection it already holds) and sends the emails after it commits. The
 * caller reads `deliveries` (each recipient's locale and email choice) before its transaction.
 */
export function announcement(
  deps: Deps<'settings'>,
  change: AppointmentChange,
  appointment: AppointmentView,
  extra: AnnounceExtra & { deliveries: Map<string, Delivery>; now: Date },
): { notifications: Prisma.Sql; sendEmails(deps: Deps<'mailer' | 'logger' | 'settings'>): void } {
  const coachName = coachNameOf(appointment.coach);
  const people: Recipient[] = [
    { ...appointment.client, other: coachName },
    { ...appointment.coach, other: appointment.client.displayName },
    ...(extra.previousCoach ? [{ ...extra.previousCoach, other: appointment.client.displayName }] : []),
  ];
  const method = change === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const ics = buildCalendar([icsEventFor(appointment, deps.settings.publicUrl)], { name: 'HybridCoach', method });
  const messages = people.map((p) => ({
    person: p,
    message: changeText(
      change,
      { ...appointment, coachName },
      {
        ...p,
        locale: extra.deliveries.get(p.id)?.locale ?? DEFAULT_LOCALE,
        lostIt: extra.previousCoach?.id === p.id,
      },
      { now: extra.now, ...(extra.movedFrom ? { movedFrom: extra.movedFrom } : {}) },
    ),
  }));
  // One statement (Prisma's createMany compiles a query plan each time).
  const notifications = Prisma.sql`
      INSERT INTO "Notification" (id, "userId", type, title, message, "actionUrl", "createdAt")
      SELECT gen_random_uuid()::text, n."userId", ${`appointment_${change}`}, ${TITLES[change]}, n.message,
        ${`/appointments/${appointment.id}`}, now()
      FROM unnest(${messages.map((m) => m.person.id)}::text[], ${messages.map((m) => m.message)}::text[])
        AS n("userId", message)`;
  const sendEmails = (deps: Deps<'mailer' | 'logger' | 'settings'>) => {
    const link = `${deps.settings.publicUrl}/appointments/${appointment.id}`;
    void emailWhereWanted(
      deps,
      extra.deliveries,
      messages.map(({ person, message }) => ({
        userId: person.id,
        message: {
          to: person.email,
          subject: `${TITLES[change]} — HybridCoach`,
          text: `${message}\n\n${link}\n\n${emailFooter(deps.settings.publicUrl)}`,
          attachments: [
            { filename: 'hybridcoach-session.ics', content: ics, contentType: `text/calendar; method=${method}` },
          ],
        },
      })),
    );
  };
  return { notifications, sendEmails };
}
