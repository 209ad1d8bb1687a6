import { listAllCoaches } from '../coach/directory';
import type { Deps } from '../core/context';

interface CoachNumbers {
  coachId: string;
  isAvailable: boolean;
  ratings: number;
  upcoming: number;
  coachNoShows: number;
  clientNoShows: number;
}

/**
 * Every coach as clients see them (their card: level, rating, sessions) plus what an admin
 * watches: whether they take bookings, how many ratings, upcoming sessions, and no-shows. A
 * no-show is a session whose time is over, not cancelled, that the coach (or the client) never
 * joined.
 */
export async function coachesOverview(deps: Deps<'db' | 'keys'>, now: Date) {
  const { db } = deps;
  const cards = await listAllCoaches(deps);
  if (cards.length === 0) return [];
  const rows = await db.$queryRaw<CoachNumbers[]>`
    SELECT u.id AS "coachId", u."isAvailable",
      (SELECT count(*)::int FROM "SessionRating" r JOIN "Session" s ON s.id = r."sessionId"
         JOIN "Appointment" a ON a.id = s."appointmentId" WHERE a."coachId" = u.id) AS ratings,
      (SELECT count(*)::int FROM "Appointment" a
         WHERE a."coachId" = u.id AND a.status IN ('scheduled', 'active') AND a."endsAt" > ${now}) AS upcoming,
      (SELECT count(*)::int FROM "Appointment" a
         WHERE a."coachId" = u.id AND a.status <> 'cancelled' AND a."endsAt" <= ${now}
           AND NOT EXISTS (SELECT 1 FROM "SessionParticipant" p WHERE p."appointmentId" = a.id AND p.role = 'coach'))
        AS "coachNoShows",
      (SELECT count(*)::int FROM "Appointment" a
         WHERE a."coachId" = u.id AND a.status <> 'cancelled' AND a."endsAt" <= ${now}
           AND NOT EXISTS (SELECT 1 FROM "SessionParticipant" p WHERE p."appointmentId" = a.id AND p.role = 'client'))
        AS "clientNoShows"
    FROM "User" u WHERE u.id = ANY(${cards.map((c) => c.id)})`;
  const numbers = new Map(rows.map((r) => [r.coachId, r]));
  return cards.map((card) => {
    const n = numbers.get(card.id);
    return {
      ...card,
      isAvailable: n?.isAvailable ?? false,
      ratings: n?.ratings ?? 0,
      upcoming: n?.upcoming ?? 0,
      noShows: { coach: n?.coachNoShows ?? 0, client: n?.clientNoShows ?? 0 },
    };
  });
}
