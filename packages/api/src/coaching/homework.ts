import type { Logger } from '@hybridcoach/config';
import type { Db } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { formatDay } from '../format';
import { emailFooter } from '../notification/email-footer';
import type { Mailer } from '../notification/mailer';
import { DEFAULT_LOCALE, deliveryFor } from '../notification/preferences';
import { emailWhereWanted } from '../notification/topic-email';
import { assertCoachOf, assertSessionOf, readableClient } from './access';
import type { assignHomeworkInput, completeHomeworkInput, createExerciseInput } from './schemas';

type HomeworkDeps = Deps<'db' | 'now' | 'settings'>;

const exerciseSelect = {
  id: true,
  title: true,
  instructions: true,
  category: true,
  duration: true,
  difficulty: true,
  videoUrl: true,
  createdAt: true,
} as const;

/** A coach's exercise library, by category then title. */
export function listExercises(db: Db, user: UserPrincipal) {
  return db.exercise.findMany({
    where: { createdBy: user.userId },
    orderBy: [{ category: 'asc' }, { title: 'asc' }],
    select: exerciseSelect,
  });
}

export function createExercise(db: Db, user: UserPrincipal, input: z.infer<typeof createExerciseInput>) {
  return db.exercise.create({
    data: {
      createdBy: user.userId,
      title: input.title,
      description: input.instructions.split('\n')[0]?.slice(0, 200) ?? '',
      instructions: input.instructions,
      category: input.category.toLowerCase(),
      duration: input.durationMinutes * 60,
      difficulty: input.difficulty,
      videoUrl: input.mediaUrl ?? null,
    },
    select: exerciseSelect,
  });
}

const assignmentSelect = {
  id: true,
  dueDate: true,
  completed: true,
  completedAt: true,
  completionNote: true,
  appointmentId: true,
  createdAt: true,
  exercise: { select: exerciseSelect },
} as const;

/**
 * The coach assigns homework: one of their exercises, or a recap's suggestion, which joins their
 * library in the same step (the one click on the recap page).
 */
export async function assignHomework(
  deps: HomeworkDeps,
  user: UserPrincipal,
  input: z.infer<typeof assignHomeworkInput>,
) {
  await assertCoachOf(deps, user, input.clientId);
  if (input.dueDate && input.dueDate < deps.now())
    throw new DomainError('BAD_REQUEST', 'must not be in the past', { field: 'dueDate' });
  if (input.appointmentId)
    await assertSessionOf(deps, { appointmentId: input.appointmentId, coachId: user.userId, clientId: input.clientId });
  return deps.db.$transaction(async (tx) => {
    let exerciseId = input.exerciseId;
    if (exerciseId) {
      const own = await tx.exercise.count({ where: { id: exerciseId, createdBy: user.userId } });
      if (own === 0)
        throw new DomainError('BAD_REQUEST', 'is not an exercise of your library', { field: 'exerciseId' });
    } else if (input.suggestion) {
      const s = input.suggestion;
      exerciseId = (
        await tx.exercise.create({
          data: {
            createdBy: user.userId,
            title: s.title,
            description: s.instructions.split('\n')[0]?.slice(0, 200) ?? '',
            instructions: s.instructions,
            category: s.category.toLowerCase(),
            duration: s.durationMinutes * 60,
            difficulty: s.difficulty,
          },
          select: { id: true },
        })
      ).id;
    }
    if (!exerciseId)
      throw new DomainError('BAD_REQUEST', 'choose an exercise or a suggestion', { field: 'exerciseId' });
    return tx.exerciseAssignment.create({
      data: {
        exerciseId,
        clientId: input.clientId,
        coachId: user.userId,
        dueDate: input.dueDate ?? null,
        appointmentId: input.appointmentId ?? null,
      },
      select: assignmentSelect,
    });
  });
}

/**
 * A client's homework: open first (soonest due first), then done (latest first). The client
 * reads their own; a coach reads what they assigned to their client, with completion.
 */
export async function listHomework(deps: HomeworkDeps, user: UserPrincipal, input: { clientId?: string }) {
  const { clientId, as } = await readableClient(deps, user, input.clientId);
  const rows = await deps.db.exerciseAssignment.findMany({
    where: { clientId, ...(as === 'coach' ? { coachId: user.userId } : {}) },
    orderBy: [{ completed: 'asc' }, { dueDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'desc' }],
    take: 200,
    select: assignmentSelect,
  });
  const now = deps.now();
  return rows.map((r) => ({ ...r, overdue: !r.completed && r.dueDate !== null && r.dueDate < now }));
}

/** The client marks their homework done, with a note for their coach. Done twice keeps the first time. */
export async function completeHomework(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof completeHomeworkInput>,
) {
  const assignment = await deps.db.exerciseAssignment.findUnique({
    where: { id: input.assignmentId },
    select: { clientId: true, completed: true },
  });
  if (!assignment || assignment.clientId !== user.userId)
    throw new DomainError('NOT_FOUND', 'No homework of yours with that id.');
  if (assignment.completed) throw new DomainError('CONFLICT', 'This homework is already done.');
  return deps.db.exerciseAssignment.update({
    where: { id: input.assignmentId },
    data: { completed: true, completedAt: deps.now(), completionNote: input.note || null },
    select: assignmentSelect,
  });
}

const DAY_MS = 86_400_000;

/**
 * Reminds clients of homework due within a day, and once more of homework that is overdue;
 * each reminder once per assignment (its column is the claim, set in the UPDATE that picks it,
 * so two workers never remind twice). In the app always; by email to those who want reminders.
 */
export async function remindHomework(
  deps: { db: Db; mailer: Mailer; logger: Logger; publicUrl: string },
  now: Date,
): Promise<{ due: number; overdue: number }> {
  const soon = new Date(now.getTime() + DAY_MS);
  const claimed = await deps.db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "ExerciseAssignment" SET "dueReminderSentAt" = ${now}::timestamptz
      WHERE NOT completed AND "dueReminderSentAt" IS NULL
        AND "dueDate" > ${now}::timestamptz AND "dueDate" <= ${soon}::timestamptz
      RETURNING id`;
    const overdue = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "ExerciseAssignment" SET "overdueReminderSentAt" = ${now}::timestamptz
      WHERE NOT completed AND "overdueReminderSentAt" IS NULL AND "dueDate" <= ${now}::timestamptz
      RETURNING id`;
    const kindOf = new Map([
      ...due.map((r) => [r.id, 'due'] as const),
      ...overdue.map((r) => [r.id, 'overdue'] as const),
    ]);
    if (kindOf.size === 0) return [];
    const rows = await tx.exerciseAssignment.findMany({
      where: { id: { in: [...kindOf.keys()] } },
      select: {
        id: true,
        dueDate: true,
        exercise: { select: { title: true } },
        client: { select: { id: true, email: true, timezone: true } },
      },
    });
    const out = rows.map((r) => ({ ...r, kind: kindOf.get(r.id) ?? 'due' }));
    await tx.notification.createMany({
      data: out.map((r) => ({
        userId: r.client.id,
        type: `homework_${r.kind}`,
        title: r.kind === 'due' ? 'Homework due soon' : 'Homework overdue',
        message: `"${r.exercise.title}" ${r.kind === 'due' ? 'is due within a day' : 'is past its due date'}.`,
        actionUrl: '/homework',
      })),
    });
    return out;
  });
  if (claimed.length === 0) return { due: 0, overdue: 0 };
  const deliveries = await deliveryFor(
    deps.db,
    claimed.map((r) => r.client.id),
    'reminders',
  );
  const site = deps.publicUrl;
  await emailWhereWanted(
    deps,
    deliveries,
    claimed.map((r) => {
      const reader = { timeZone: r.client.timezone, locale: deliveries.get(r.client.id)?.locale ?? DEFAULT_LOCALE };
      const when = r.dueDate ? formatDay(r.dueDate, reader) : '';
      return {
        userId: r.client.id,
        message: {
          to: r.client.email,
          subject: r.kind === 'due' ? 'Homework due soon' : 'Homework overdue',
          text: `"${r.exercise.title}" ${r.kind === 'due' ? `is due ${when}` : `was due ${when}`}. Mark it done at ${site}/homework\n\n${emailFooter(site)}`,
        },
      };
    }),
  );
  const counts = {
    due: claimed.filter((r) => r.kind === 'due').length,
    overdue: claimed.filter((r) => r.kind === 'overdue').length,
  };
  deps.logger.info(counts, 'homework reminders sent');
  return counts;
}
