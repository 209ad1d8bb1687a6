import { Prisma, sqlRows } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import type { AppointmentView } from './appointment-view';
import { buildCalendar, type IcsEvent } from './ics';
import { describeInZone } from './slots';

export type AppointmentChange = 'booked' | 'cancelled' | 'rescheduled' | 'reassigned';

const TITLES: Record<AppointmentChange, string> = {
  booked: 'Session booked',
  cancelled: 'Session cancelled',
  rescheduled: 'Session moved',
  reassigned: 'Session has a new coach',
};

export function icsEventFor(appointment: AppointmentView, publicUrl: string): IcsEvent {
  const coachName = appointment.coach.coachName ?? appointment.coach.displayName;
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

/**
 * Tells both parties (and a coach who lost the session): a Notification each, and an email
 * with the event as an ICS attachment. Emails are not awaited: the change is already made and
 * a slow mail server must not fail it; failures are logged.
 */
export async function announce(
  deps: Deps<'db' | 'logger' | 'mailer' | 'settings'>,
  change: AppointmentChange,
  appointment: AppointmentView,
  extra: { previousCoach?: { id: string; email: string; timezone: string } } = {},
) {
  const made = announcement(deps, change, appointment, extra);
  await sqlRows(deps.db, made.notifications);
  made.sendEmails(deps);
}

/**
 * `announce` in two parts, for a caller that writes the notifications in its own transaction
 * (a booking, on the connection it already holds) and sends the emails after it commits.
 */
export function announcement(
  deps: Deps<'settings'>,
  change: AppointmentChange,
  appointment: AppointmentView,
  extra: { previousCoach?: { id: string; email: string; timezone: string } } = {},
): { notifications: Prisma.Sql; sendEmails(deps: Deps<'mailer' | 'logger' | 'settings'>): void } {
  const coachName = appointment.coach.coachName ?? appointment.coach.displayName;
  const people = [
    {
      id: appointment.client.id,
      email: appointment.client.email,
      timezone: appointment.client.timezone,
      other: coachName,
    },
    {
      id: appointment.coach.id,
      email: appointment.coach.email,
      timezone: appointment.coach.timezone,
      other: appointment.client.displayName,
    },
    ...(extra.previousCoach ? [{ ...extra.previousCoach, other: appointment.client.displayName }] : []),
  ];
  const ics = buildCalendar([icsEventFor(appointment, deps.settings.publicUrl)], {
    name: 'HybridCoach',
    method: change === 'cancelled' ? 'CANCEL' : 'REQUEST',
  });
  const messages = people.map((p) => {
    const when = describeInZone(appointment.scheduledFor, p.timezone);
    const lostIt = extra.previousCoach?.id === p.id;
    const message = lostIt
      ? `Your session with ${p.other} on ${when.localDate} at ${when.localTime} now belongs to ${coachName}.`
      : `${TITLES[change]}: with ${p.other} on ${when.localDate} at ${when.localTime} (${p.timezone}).${appointment.cancelReason && change === 'cancelled' ? ` Reason: ${appointment.cancelReason}` : ''}`;
    return { person: p, message };
  });
  // One statement (Prisma's createMany compiles a query plan each time).
  const notifications = Prisma.sql`
      INSERT INTO "Notification" (id, "userId", type, title, message, "actionUrl", "createdAt")
      SELECT gen_random_uuid()::text, n."userId", ${`appointment_${change}`}, ${TITLES[change]}, n.message,
        ${`/appointments/${appointment.id}`}, now()
      FROM unnest(${messages.map((m) => m.person.id)}::text[], ${messages.map((m) => m.message)}::text[])
        AS n("userId", message)`;
  const sendEmails = (deps: Deps<'mailer' | 'logger' | 'settings'>) => {
    for (const { person, message } of messages) {
      deps.mailer
        .send({
          to: person.email,
          subject: `${TITLES[change]} — HybridCoach`,
          text: `${message}\n\n${deps.settings.publicUrl}/appointments/${appointment.id}`,
          attachments: [
            {
              filename: 'hybridcoach-session.ics',
              content: ics,
              contentType: `text/calendar; method=${change === 'cancelled' ? 'CANCEL' : 'REQUEST'}`,
            },
          ],
        })
        .catch((err: unknown) =>
          deps.logger.error(
            { err, appointmentId: appointment.id, to: person.id },
            'could not email an appointment change',
          ),
        );
    }
  };
  return { notifications, sendEmails };
}
