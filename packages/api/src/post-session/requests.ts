import { randomUUID } from 'node:crypto';
import { type Db, openContext, type Prisma } from '@hybridcoach/db';
import { readSessionText } from '../agent/session-text';
import { recordHealthDataRead } from '../auth/data-reads';
import type { Deps } from '../core/context';

type Tx = Prisma.TransactionClient;

/**
 * A completed session's post-session work is wanted: written in the completing transaction, by
 * whichever path completed it (agent, coach, room finished, sweeper). Completing again changes
 * nothing.
 */
export async function requestPostSession(tx: Tx, appointmentId: string, now: Date): Promise<void> {
  await tx.postSessionRequest.upsert({
    where: { appointmentId },
    create: { appointmentId, requestedAt: now },
    update: {},
  });
}

/**
 * Transcript arrived after completion (an agent's journal delivered late): the work is done again
 * from the fuller transcript, under a new job id, so a run already under way stores nothing.
 */
export async function requestPostSessionAgain(tx: Tx, appointmentId: string, now: Date): Promise<void> {
  const { count } = await tx.postSessionRequest.updateMany({
    where: { appointmentId, status: { not: 'pending' } },
    data: { status: 'pending', jobId: randomUUID(), requestedAt: now, error: null },
  });
  if (count === 0) await requestPostSession(tx, appointmentId, now);
}

export interface PendingPostSession {
  id: string;
  appointmentId: string;
  jobId: string;
}

export function pendingPostSessions(db: Db, limit = 50): Promise<PendingPostSession[]> {
  return db.postSessionRequest.findMany({
    where: { status: 'pending' },
    orderBy: { requestedAt: 'asc' },
    take: limit,
    select: { id: true, appointmentId: true, jobId: true },
  });
}

/** After the job is sent (same job id twice is one job); a request asked again meanwhile stays pending. */
export async function markPostSessionsQueued(db: Db, jobs: { id: string; jobId: string }[]): Promise<number> {
  let queued = 0;
  for (const job of jobs) {
    const { count } = await db.postSessionRequest.updateMany({
      where: { id: job.id, jobId: job.jobId, status: 'pending' },
      data: { status: 'queued' },
    });
    queued += count;
  }
  return queued;
}

/**
 * A run of the job begins: it reads what was said and written, and what the client's record
 * already holds (known facts and challenges, active goals) so that the recap proposes only what
 * is new. Null when the run is stale (the request was asked again under a newer job id, or is
 * done): there is nothing for it to do.
 */
export async function startPostSession(
  { db, keys }: Deps<'db' | 'keys'>,
  input: { id: string; jobId: string; now: Date },
) {
  const { count } = await db.postSessionRequest.updateMany({
    where: { id: input.id, jobId: input.jobId, status: { not: 'done' } },
    data: { status: 'running', startedAt: input.now, attempts: { increment: 1 } },
  });
  if (count === 0) return null;
  const request = await db.postSessionRequest.findUniqueOrThrow({
    where: { id: input.id },
    select: {
      appointmentId: true,
      appointment: {
        select: {
          client: {
            select: {
              id: true,
              displayName: true,
              profile: { select: { sealedContext: true } },
              goals: { where: { status: 'active' }, orderBy: { createdAt: 'asc' }, select: { id: true, title: true } },
            },
          },
          coach: { select: { displayName: true } },
        },
      },
    },
  });
  const { client, coach } = request.appointment;
  await recordHealthDataRead(db, {
    reader: { kind: 'service', service: 'worker' },
    clientId: client.id,
    what: 'context',
    appointmentId: request.appointmentId,
  });
  const context = openContext(keys, client.id, client.profile?.sealedContext);
  const text = await readSessionText(db, request.appointmentId);
  return {
    appointmentId: request.appointmentId,
    clientName: client.displayName,
    coachName: coach.displayName,
    knownFacts: context.clientFacts,
    knownChallenges: context.challenges,
    activeGoals: client.goals,
    lines: text.lines,
  };
}

export async function failPostSession(
  db: Db,
  input: { id: string; jobId: string; error: string; now: Date },
): Promise<void> {
  await db.postSessionRequest.updateMany({
    where: { id: input.id, jobId: input.jobId, status: 'running' },
    data: { status: 'failed', error: input.error.slice(0, 2000), finishedAt: input.now },
  });
}
