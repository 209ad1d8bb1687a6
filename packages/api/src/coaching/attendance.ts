import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';

/**
 * Appointments nobody joined become `no_show` once their end plus the grace period has passed,
 * recording who did not come (the client, the coach, or both: whoever has no stay in the room).
 * One UPDATE picks and changes them, so two workers never both do; both people get a
 * notification. Presence is SessionParticipant, so a room someone joined is never a no-show.
 */
export async function markNoShows(
  deps: { db: Db; logger: Logger },
  input: { now: Date; graceMinutes: number },
): Promise<{ marked: number }> {
  const before = new Date(input.now.getTime() - input.graceMinutes * 60_000);
  const marked = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; clientId: string; coachId: string; absentRoles: string[] }[]>`
      UPDATE "Appointment" a SET status = 'no_show', "noShowAt" = ${input.now}::timestamptz,
        "absentRoles" = ARRAY(
          SELECT r::"ParticipantRole" FROM unnest(ARRAY['client', 'coach']) r
          WHERE NOT EXISTS (
            SELECT 1 FROM "SessionParticipant" p
            WHERE p."appointmentId" = a.id AND p.role = r::"ParticipantRole"))
      WHERE a.status = 'scheduled' AND a."endsAt" <= ${before}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM "Session" s WHERE s."appointmentId" = a.id)
        AND NOT EXISTS (
          SELECT 1 FROM "SessionParticipant" p WHERE p."appointmentId" = a.id AND p.role IN ('client', 'coach'))
      RETURNING a.id, a."clientId", a."coachId", a."absentRoles"::text[] AS "absentRoles"`;
    if (rows.length > 0)
      await tx.notification.createMany({
        data: rows.flatMap((r) =>
          [r.clientId, r.coachId].map((userId) => ({
            userId,
            type: 'appointment_no_show',
            title: 'Missed session',
            message: 'Nobody joined this session, so it was recorded as missed.',
            actionUrl: `/appointments/${r.id}`,
          })),
        ),
      });
    return rows;
  });
  if (marked.length > 0) deps.logger.info({ appointments: marked.map((r) => r.id) }, 'appointments marked no-show');
  return { marked: marked.length };
}
