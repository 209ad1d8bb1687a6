import type { z } from 'zod';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { assertCoachOf, assertSessionOf, readableClient } from './access';
import type { createGoalInput, recordProgressInput, setGoalStatusInput } from './schemas';

type GoalDeps = Deps<'db' | 'now' | 'settings'>;

const goalSelect = {
  id: true,
  title: true,
  description: true,
  targetDate: true,
  status: true,
  createdAt: true,
  achievedAt: true,
  closedAt: true,
  progress: {
    orderBy: { createdAt: 'asc' },
    select: { id: true, rating: true, note: true, appointmentId: true, createdAt: true },
  },
} as const;

/**
 * A client's goals with their progress over time: active first, then achieved and abandoned ones
 * (they stay as history). The client reads their own; their coach reads them.
 */
export async function listGoals(deps: GoalDeps, user: UserPrincipal, input: { clientId?: string }) {
  const { clientId } = await readableClient(deps, user, input.clientId);
  const goals = await deps.db.clientGoal.findMany({
    where: { clientId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: goalSelect,
  });
  const order = { active: 0, achieved: 1, abandoned: 2 } as const;
  return goals.sort((a, b) => order[a.status] - order[b.status]);
}

/** The client sets a goal for themselves, or their coach sets one with them. */
export async function createGoal(deps: GoalDeps, user: UserPrincipal, input: z.infer<typeof createGoalInput>) {
  const { clientId } = await readableClient(deps, user, input.clientId);
  if (input.targetDate && input.targetDate < deps.now())
    throw new DomainError('BAD_REQUEST', 'must not be in the past', { field: 'targetDate' });
  return deps.db.clientGoal.create({
    data: {
      clientId,
      title: input.title,
      description: input.why || null,
      targetDate: input.targetDate ?? null,
      createdById: user.userId,
    },
    select: goalSelect,
  });
}

/** Whose goal it is, after checking the reader may touch it (an unknown id and a stranger's look the same). */
async function goalOf(deps: GoalDeps, user: UserPrincipal, goalId: string) {
  const goal = await deps.db.clientGoal.findUnique({ where: { id: goalId }, select: { clientId: true, status: true } });
  if (!goal) throw new DomainError('NOT_FOUND', 'No goal with that id.');
  if (user.role === 'client' && goal.clientId !== user.userId)
    throw new DomainError('NOT_FOUND', 'No goal with that id.');
  if (user.role !== 'client') await assertCoachOf(deps, user, goal.clientId);
  return goal;
}

/** Achieved or abandoned (or back to active): the client or their coach. */
export async function setGoalStatus(deps: GoalDeps, user: UserPrincipal, input: z.infer<typeof setGoalStatusInput>) {
  await goalOf(deps, user, input.goalId);
  const now = deps.now();
  return deps.db.clientGoal.update({
    where: { id: input.goalId },
    data: {
      status: input.status,
      achievedAt: input.status === 'achieved' ? now : null,
      closedAt: input.status === 'active' ? null : now,
    },
    select: goalSelect,
  });
}

/** The coach records how close the client is (1–5, with a note), usually at a session's recap. */
export async function recordProgress(deps: GoalDeps, user: UserPrincipal, input: z.infer<typeof recordProgressInput>) {
  if (user.role !== 'coach') throw new DomainError('FORBIDDEN', 'Only the coach of this client records progress.');
  const goal = await goalOf(deps, user, input.goalId);
  if (goal.status !== 'active') throw new DomainError('CONFLICT', 'Progress is recorded on active goals only.');
  if (input.appointmentId)
    await assertSessionOf(deps, { appointmentId: input.appointmentId, coachId: user.userId, clientId: goal.clientId });
  return deps.db.goalProgress.create({
    data: {
      goalId: input.goalId,
      rating: input.rating,
      note: input.note,
      appointmentId: input.appointmentId ?? null,
      recordedById: user.userId,
    },
    select: { id: true, rating: true, note: true, appointmentId: true, createdAt: true },
  });
}
