import type { Db } from '@hybridcoach/db';

export interface PlatformStats {
  sessionsCompleted: number;
  transcriptSegments: number;
  averageRating: number | null;
  upcomingAppointments: number;
}

/** Public, aggregate numbers for the landing page: nothing about any one person. */
export async function platformStats(db: Db, now = new Date()): Promise<PlatformStats> {
  const [sessionsCompleted, transcriptSegments, rating, upcomingAppointments] = await Promise.all([
    db.appointment.count({ where: { status: 'completed' } }),
    db.message.count({ where: { kind: 'transcript' } }),
    db.sessionRating.aggregate({ _avg: { rating: true } }),
    db.appointment.count({ where: { status: 'scheduled', scheduledFor: { gt: now } } }),
  ]);
  return {
    sessionsCompleted,
    transcriptSegments,
    averageRating: rating._avg.rating,
    upcomingAppointments,
  };
}
