import { openBio } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { coachNameOf } from '../format';

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
export function listAvailableCoaches(deps: Deps<'db' | 'keys'>): Promise<CoachCard[]> {
  return coachCards(deps, { isAvailable: true });
}

/** Every coach's card, taking bookings or not (the admin's coaches page). */
export function listAllCoaches(deps: Deps<'db' | 'keys'>): Promise<CoachCard[]> {
  return coachCards(deps, {});
}

/** One coach's card (also when not taking bookings). */
export async function getCoachCard(deps: Deps<'db' | 'keys'>, coachId: string): Promise<CoachCard> {
  const card = (await coachCards(deps, { id: coachId }))[0];
  if (!card) throw new DomainError('NOT_FOUND', 'No coach with that id.');
  return card;
}

// A coach's bio is sealed like every bio, and public by purpose: the directory opens it.
async function coachCards(
  { db, keys }: Deps<'db' | 'keys'>,
  filter: { id?: string; isAvailable?: boolean },
): Promise<CoachCard[]> {
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
      profile: { select: { sealedBio: true } },
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
    name: coachNameOf(c),
    bio: openBio(keys, c.id, c.profile?.sealedBio) ?? c.skoolBio,
    photoUrl: c.profilePhotoPath,
    timezone: c.timezone,
    coachLevel: c.coachLevel,
    sessionsCompleted: Number(byCoach.get(c.id)?.completed ?? 0),
    averageRating: byCoach.get(c.id)?.avg ?? null,
  }));
}
