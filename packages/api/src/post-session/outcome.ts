import type { Db, Prisma } from '@hybridcoach/db';
import type { z } from 'zod';
import type { storePostSessionInput } from './schemas';

type Tx = Prisma.TransactionClient;

/**
 * Stores what a post-session run made, if the run is still the current one (the request was not
 * asked again under a newer job id meanwhile): the AI's draft summary, the session's topics
 * (replacing an earlier run's), and the client's `lastSummary` — unless a later session of theirs
 * already has one. Running it twice stores the same thing once.
 */
export async function storePostSession(db: Db, input: z.infer<typeof storePostSessionInput> & { now: Date }) {
  return db.$transaction(async (tx) => {
    const [request] = await tx.$queryRaw<{ appointmentId: string; jobId: string }[]>`
      SELECT "appointmentId", "jobId" FROM "PostSessionRequest" WHERE id = ${input.id} FOR UPDATE`;
    if (!request || request.jobId !== input.jobId) return { stored: false };
    const appointment = await tx.appointment.findUniqueOrThrow({
      where: { id: request.appointmentId },
      select: { clientId: true, scheduledFor: true, session: { select: { id: true } } },
    });
    const sessionId = appointment.session?.id;
    if (sessionId) {
      await tx.session.update({ where: { id: sessionId }, data: { aiSummary: input.summary } });
      await replaceTopics(tx, sessionId, input.topics);
    }
    if (input.summary) {
      const later = await tx.appointment.count({
        where: {
          clientId: appointment.clientId,
          status: 'completed',
          scheduledFor: { gt: appointment.scheduledFor },
          session: { aiSummary: { not: null } },
        },
      });
      if (later === 0)
        await tx.profile.upsert({
          where: { userId: appointment.clientId },
          create: { userId: appointment.clientId, lastSummary: input.summary },
          update: { lastSummary: input.summary },
        });
    }
    await tx.postSessionRequest.update({
      where: { id: input.id },
      data: { status: 'done', finishedAt: input.now, error: null },
    });
    return { stored: true };
  });
}

/** The session's topics become exactly `names`, creating the topics named for the first time. */
async function replaceTopics(tx: Tx, sessionId: string, names: string[]): Promise<void> {
  await tx.sessionTopicMapping.deleteMany({ where: { sessionId } });
  const unique = [...new Set(names)];
  if (unique.length === 0) return;
  await tx.sessionTopic.createMany({ data: unique.map((name) => ({ name })), skipDuplicates: true });
  const topics = await tx.sessionTopic.findMany({ where: { name: { in: unique } }, select: { id: true } });
  await tx.sessionTopicMapping.createMany({
    data: topics.map((topic) => ({ sessionId, topicId: topic.id })),
    skipDuplicates: true,
  });
}
