import type { Db } from '@hybridcoach/db';

const RECENT_DAYS = 14;

/**
 * What the coaching loop adds to the assistant's picture of a client: active goals with their
 * latest progress, homework not done yet, and homework done lately with the client's note (what
 * to ask about). Approved facts and challenges are in the sealed context; the last published
 * recap is the profile's `lastSummary`.
 */
export async function coachingMemory(db: Db, clientId: string, now: Date) {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const [goals, homework, done] = await Promise.all([
    db.clientGoal.findMany({
      where: { clientId, status: 'active' },
      orderBy: { createdAt: 'asc' },
      take: 10,
      select: {
        title: true,
        targetDate: true,
        progress: { orderBy: { createdAt: 'desc' }, take: 1, select: { rating: true, note: true } },
      },
    }),
    db.exerciseAssignment.findMany({
      where: { clientId, completed: false },
      orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }],
      take: 10,
      select: { dueDate: true, exercise: { select: { title: true } } },
    }),
    db.exerciseAssignment.findMany({
      where: { clientId, completed: true, completedAt: { gte: since } },
      orderBy: { completedAt: 'desc' },
      take: 5,
      select: { completedAt: true, completionNote: true, exercise: { select: { title: true } } },
    }),
  ]);
  return {
    goals: goals.map(({ progress, ...g }) => ({ ...g, latest: progress[0] ?? null })),
    homework: homework.map((h) => ({ title: h.exercise.title, dueDate: h.dueDate })),
    homeworkDone: done.map((h) => ({ title: h.exercise.title, note: h.completionNote })),
  };
}
