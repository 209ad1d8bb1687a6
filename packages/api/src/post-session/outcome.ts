import { healthFieldContext, openJson, type Prisma, sealJson } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import { type StoredRecap, storedRecap } from './recap-schema';
import type { storePostSessionInput } from './schemas';

type Tx = Prisma.TransactionClient;

/**
 * Stores what a post-session run made, if the run is still the current one (the request was not
 * asked again under a newer job id meanwhile): the AI's draft summary and structured recap
 * (sealed: its proposals are context nobody approved yet) and the session's topics (replacing an
 * earlier run's). Nothing here reaches the client: the coach publishes (coaching/recap.ts).
 * A draft the coach already published from is not replaced; decisions the coach made on the
 * earlier draft carry over to proposals worded the same. Running it twice stores the same thing
 * once.
 */
export async function storePostSession(
  { db, keys }: Deps<'db' | 'keys'>,
  input: z.infer<typeof storePostSessionInput> & { now: Date },
) {
  return db.$transaction(async (tx) => {
    const [request] = await tx.$queryRaw<{ appointmentId: string; jobId: string }[]>`
      SELECT "appointmentId", "jobId" FROM "PostSessionRequest" WHERE id = ${input.id} FOR UPDATE`;
    if (!request || request.jobId !== input.jobId) return { stored: false };
    const appointment = await tx.appointment.findUniqueOrThrow({
      where: { id: request.appointmentId },
      select: {
        clientId: true,
        session: { select: { id: true } },
      },
    });
    // Locked like the coach's decisions lock it (coaching/recap.ts), so none is lost in between.
    const [session] = appointment.session
      ? await tx.$queryRaw<{ id: string; summaryPublishedAt: Date | null; sealedAiRecap: string | null }[]>`
          SELECT id, "summaryPublishedAt", "sealedAiRecap" FROM "Session" WHERE id = ${appointment.session.id} FOR UPDATE`
      : [];
    if (session && !session.summaryPublishedAt) {
      const context = healthFieldContext.aiRecap(appointment.clientId);
      const earlier = session.sealedAiRecap ? storedRecap.parse(openJson(keys, session.sealedAiRecap, context)) : null;
      const stored: StoredRecap | null = input.recap
        ? { ...input.recap, decisions: carriedDecisions(earlier, input.recap.recap) }
        : null;
      await tx.session.update({
        where: { id: session.id },
        data: {
          aiSummary: input.summary,
          sealedAiRecap: stored ? sealJson(keys, stored, context) : null,
        },
      });
      await replaceTopics(tx, session.id, input.topics);
    }
    await tx.postSessionRequest.update({
      where: { id: input.id },
      data: { status: 'done', finishedAt: input.now, error: null },
    });
    return { stored: true };
  });
}

/** The earlier draft's decisions whose proposal reads the same at the same place in the new one. */
function carriedDecisions(earlier: StoredRecap | null, recap: StoredRecap['recap']): StoredRecap['decisions'] {
  if (!earlier) return {};
  const lists = {
    fact: [earlier.recap.proposedFacts, recap.proposedFacts],
    challenge: [earlier.recap.proposedChallenges, recap.proposedChallenges],
  } as const;
  return Object.fromEntries(
    Object.entries(earlier.decisions).filter(([key]) => {
      const [kind, index] = key.split(':');
      const [before, after] = lists[kind as keyof typeof lists] ?? [[], []];
      const i = Number(index);
      return before[i] !== undefined && before[i] === after[i];
    }),
  );
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
