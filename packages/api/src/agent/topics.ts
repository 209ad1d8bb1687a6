import type { Db } from '@hybridcoach/db';
import { primarySession } from '../session/session-rows';

/** Links the session to its topics (creating new ones) and keeps the client's last summary. */
export async function recordTopics(
  db: Db,
  appointmentId: string,
  topics: string[],
  summary: string | null,
): Promise<void> {
  const session = await primarySession(db, appointmentId);
  if (!session) return;
  for (const name of new Set(topics)) {
    const topic = await db.sessionTopic.upsert({ where: { name }, create: { name }, update: {} });
    await db.sessionTopicMapping.upsert({
      where: { sessionId_topicId: { sessionId: session.id, topicId: topic.id } },
      create: { sessionId: session.id, topicId: topic.id },
      update: {},
    });
  }
  if (summary) {
    const appointment = await db.appointment.findUniqueOrThrow({
      where: { id: appointmentId },
      select: { clientId: true },
    });
    await db.profile.upsert({
      where: { userId: appointment.clientId },
      create: { userId: appointment.clientId, lastSummary: summary },
      update: { lastSummary: summary },
    });
  }
}
