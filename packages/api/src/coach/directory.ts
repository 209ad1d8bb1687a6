import type { Db } from '@hybridcoach/db';
import { DomainError } from '../core/errors';
import { bioText } from '../user/profile';

export interface CoachCard {
  id: string;
  name: string;
  bio: string | null;
  photoUrl: string | null;
  timezone: string;
  coachLevel: number | null;
  sessionsCompleted: number;
  averageRating: number | null;
}

/** Coaches who take bookings, with what a client needs to choose one. */
export function listAvailableCoaches(db: Db): Promise<CoachCard[]> {
  return coachCards(db, { isAvailable: true });
}

/** Every coach's card, taking bookings or not (the admin's coaches page). */
export function listAllCoaches(db: Db): Promise<CoachCard[]> {
  return coachCards(db, {});
}

/** One coach's card (also when not taking bookings). */
export async function getCoachCard(db: Db, coachId: string): Promise<CoachCard> {
  const card = (await coachCards(db, { id: coachId }))[0];
  if (!card) throw new DomainError('NOT_FOUND', 'No coach with that id.');
  return card;
}

async function coachCards(db: Db, filter: { id?: string; isAvailable?: boolean }): Promise<CoachCard[]> {
  const coaches = await db.user.findMany({
    where: { role: 'coach', deletedAt: null, ...filter },
    select: {
      id: true,
      displayName: true,
      coachName: true,
      skoolBio: true,
      profilePhotoPath: true,
      timezone: true,
      coachLevel: true,
      profile: { select: { bioJson: true } },
    },
    orderBy: [{ coachLevel: 'desc' }, { displayName: 'asc' }],
  });
  if (coaches.length === 0) return [];
  // One grouped query for every coach's numbers instead of one per coach.
  const stats = await db.$queryRaw<{ coachId: string; completed: bigint; avg: number | null }[]>`
    SELECT a."coachId", count(DISTINCT a.id) AS completed, avg(r.rating)::float8 AS avg
    FROM "Appointment" a
    LEFT JOIN "Session" s ON s."appointmentId" = a.id
    LEFT JOIN "SessionRating" r ON r."sessionId" = s.id
    WHERE a.status = 'completed' AND a."coachId" = ANY(${coaches.map((c) => c.id)})
    GROUP BY a."coachId"`;
  const byCoach = new Map(stats.map((s) => [s.coachId, s]));
  return coaches.map((c) => ({
    id: c.id,
    name: c.coachName ?? c.displayName,
    bio: bioText(c.profile?.bioJson) ?? c.skoolBio,
    photoUrl: c.profilePhotoPath,
    timezone: c.timezone,
    coachLevel: c.coachLevel,
    sessionsCompleted: Number(byCoach.get(c.id)?.completed ?? 0),
    averageRating: byCoach.get(c.id)?.avg ?? null,
  }));
}
