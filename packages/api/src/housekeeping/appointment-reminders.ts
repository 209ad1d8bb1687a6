import type { Logger } from '@hybridcoach/config';
import { type Db, Prisma } from '@hybridcoach/db';
import { coachNameOf, formatWhenRange } from '../format';
import { emailFooter } from '../notification/email-footer';
import type { Mailer } from '../notification/mailer';
import { DEFAULT_LOCALE, deliveryFor } from '../notification/preferences';
import { emailWhereWanted } from '../notification/topic-email';

const HOUR_MS = 60 * 60_000;

interface Reminder {
  kind: '24h' | '1h';
  column: 'reminder24hSentAt' | 'reminder1hSentAt';
  leadMs: number;
  /** A reminder this close to the start is the next one's job. */
  notBeforeMs: number;
  words: string;
}

const REMINDERS: Reminder[] = [
  { kind: '24h', column: 'reminder24hSentAt', leadMs: 24 * HOUR_MS, notBeforeMs: HOUR_MS, words: 'in 24 hours' },
  { kind: '1h', column: 'reminder1hSentAt', leadMs: HOUR_MS, notBeforeMs: 0, words: 'in 1 hour' },
];

type Deps = { db: Db; mailer: Mailer; logger: Logger; publicUrl: string };

/**
 * Reminds client and coach 24 hours and 1 hour before a scheduled appointment, once each. The
 * reminder column is the claim: a conditional UPDATE sets it and returns the appointments it
 * claimed, in the same transaction as their Notifications, so two workers never remind twice.
 * An appointment booked inside a reminder's lead time gets no such reminder (its booking email
 * just went out); one the worker was late for is still reminded while before the next one.
 * Everyone gets the in-app reminder; the email goes to those who want reminders by email.
 */
export async function sendAppointmentReminders(deps: Deps, now: Date): Promise<{ sent24h: number; sent1h: number }> {
  const sent = { sent24h: 0, sent1h: 0 };
  for (const reminder of REMINDERS) {
    const count = await remind(deps, reminder, now);
    if (reminder.kind === '24h') sent.sent24h = count;
    else sent.sent1h = count;
  }
  if (sent.sent24h || sent.sent1h) deps.logger.info(sent, 'appointment reminders sent');
  return sent;
}

async function remind(deps: Deps, reminder: Reminder, now: Date): Promise<number> {
  const column = Prisma.raw(`"${reminder.column}"`);
  const from = new Date(now.getTime() + reminder.notBeforeMs);
  const until = new Date(now.getTime() + reminder.leadMs);
  const lead = Prisma.raw(`interval '${reminder.leadMs / 1000} seconds'`);
  const messages = await deps.db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Appointment" SET ${column} = ${now}::timestamptz
      WHERE status = 'scheduled' AND ${column} IS NULL
        AND "scheduledFor" > ${from}::timestamptz AND "scheduledFor" <= ${until}::timestamptz
        AND "createdAt" <= "scheduledFor" - ${lead}
      RETURNING id`;
    if (claimed.length === 0) return { out: [], deliveries: new Map() };
    const appointments = await tx.appointment.findMany({
      where: { id: { in: claimed.map((c) => c.id) } },
      select: {
        id: true,
        scheduledFor: true,
        endsAt: true,
        client: { select: { id: true, email: true, displayName: true, timezone: true } },
        coach: { select: { id: true, email: true, displayName: true, coachName: true, timezone: true } },
      },
    });
    const deliveries = await deliveryFor(
      tx,
      appointments.flatMap((a) => [a.client.id, a.coach.id]),
      'reminders',
    );
    const out = appointments.flatMap((a) =>
      [
        { person: a.client, other: coachNameOf(a.coach) },
        { person: a.coach, other: a.client.displayName },
      ].map(({ person, other }) => {
        const reader = { timeZone: person.timezone, locale: deliveries.get(person.id)?.locale ?? DEFAULT_LOCALE, now };
        return {
          userId: person.id,
          email: person.email,
          appointmentId: a.id,
          text: `Your session with ${other} starts ${reminder.words}: ${formatWhenRange(a.scheduledFor, a.endsAt, reader)}.`,
        };
      }),
    );
    await tx.notification.createMany({
      data: out.map((m) => ({
        userId: m.userId,
        type: `appointment_reminder_${reminder.kind}`,
        title: `Session ${reminder.words}`,
        message: m.text,
        actionUrl: `/appointments/${m.appointmentId}`,
      })),
    });
    return { out, deliveries };
  });
  const site = deps.publicUrl;
  await emailWhereWanted(
    deps,
    messages.deliveries,
    messages.out.map((m) => ({
      userId: m.userId,
      message: {
        to: m.email,
        subject: `Reminder: your HybridCoach session starts ${reminder.words}`,
        text: `${m.text}\n\nJoin from ${site}/appointments/${m.appointmentId}\n\n${emailFooter(site)}`,
      },
    })),
  );
  return new Set(messages.out.map((m) => m.appointmentId)).size;
}
