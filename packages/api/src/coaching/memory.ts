import type { Db } from '@hybridcoach/db';

/**
 * What the coaching loop adds to the assistant's picture of a client: active goals with their
 * latest progress, and homework not done yet. (Approved facts and challenges are in the sealed
 * context; the last published recap is the profile's `lastSummary`.)
 */
export async function coachingMemory(db: Db, clientId: string) {
  const [goals, homework] = await Promise.all([
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
  ]);
  return {
    goals: goals.map(({ progress, ...g }) => ({ ...g, latest: progress[0] ?? null })),
    homework: homework.map((h) => ({ title: h.exercise.title, dueDate: h.dueDate })),
  };
}
