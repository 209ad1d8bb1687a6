import type { Db, SessionStatus } from '@hybridcoach/db';
import { DateTime } from 'luxon';
import { z } from 'zod';

export interface ArchiveResult {
  archived: number;
  batches: number;
  cutoff: Date;
}

/**
 * Moves ended sessions older than `olderThanMonths` into SessionArchive, `batchSize` at a time,
 * each batch one transaction: copy (the session's columns, and its messages, participants,
 * rating, topics and payment ids as JSON), check every row was copied, then delete. Deleting
 * cascades to messages, rating and topic mappings (all copied); participants and payments stay,
 * their sessionId becoming null by design. Batches lock with SKIP LOCKED, so two runs share
 * the work instead of colliding; a failed batch rolls back whole and is retried.
 */
export async function archiveOldSessions(
  db: Db,
  options: { now: Date; olderThanMonths: number; batchSize: number; maxBatches: number },
): Promise<ArchiveResult> {
  // Months are calendar months: not a fixed number of days.
  const cutoff = DateTime.fromJSDate(options.now, { zone: 'utc' })
    .minus({ months: options.olderThanMonths })
    .toJSDate();
  let archived = 0;
  let batches = 0;
  while (batches < options.maxBatches) {
    const moved = await archiveBatch(db, cutoff, options.batchSize, options.now);
    if (moved === 0) break;
    archived += moved;
    batches++;
    if (moved < options.batchSize) break;
  }
  return { archived, batches, cutoff };
}

async function archiveBatch(db: Db, cutoff: Date, batchSize: number, now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Session"
      WHERE "endedAt" < ${cutoff}::timestamptz AND status <> 'active'
      ORDER BY "endedAt", id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    const copied = await tx.$executeRaw`
      INSERT INTO "SessionArchive" (id, "roomId", "appointmentId", "userId", "startedAt", "endedAt",
        "durationMinutes", status, "warningsSent", transcript, "aiSummary", summary, "createdAt",
        messages, participants, rating, topics, payments, "archivedAt")
      SELECT s.id, s."roomId", s."appointmentId", s."userId", s."startedAt", s."endedAt",
        s."durationMinutes", s.status, s."warningsSent", s.transcript, s."aiSummary", s.summary, s."createdAt",
        COALESCE((SELECT jsonb_agg(to_jsonb(m) ORDER BY m."createdAt", m.id) FROM "Message" m
                  WHERE m."sessionId" = s.id), '[]'::jsonb),
        COALESCE((SELECT jsonb_agg(to_jsonb(p) ORDER BY p."joinedAt", p.id) FROM "SessionParticipant" p
                  WHERE p."sessionId" = s.id), '[]'::jsonb),
        (SELECT to_jsonb(r) FROM "SessionRating" r WHERE r."sessionId" = s.id),
        COALESCE((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
                  FROM "SessionTopicMapping" tm JOIN "SessionTopic" t ON t.id = tm."topicId"
                  WHERE tm."sessionId" = s.id), '[]'::jsonb),
        COALESCE((SELECT jsonb_agg(pay.id ORDER BY pay."createdAt", pay.id) FROM "Payment" pay
                  WHERE pay."sessionId" = s.id), '[]'::jsonb),
        ${now}::timestamptz
      FROM "Session" s WHERE s.id = ANY(${ids}::text[])`;
    // Never delete what was not copied; rolling back keeps the sessions where they were.
    if (copied !== ids.length) throw new Error(`archived ${copied} of ${ids.length} sessions; batch rolled back`);
    await tx.$executeRaw`DELETE FROM "Session" WHERE id = ANY(${ids}::text[])`;
    return ids.length;
  });
}

// --- Reading the archive back ------------------------------------------------------------------

const instant = z.coerce.date();
const nullableInstant = instant.nullable();

const archivedMessage = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  sender: z.string(),
  content: z.string(),
  kind: z.string(),
  seq: z.number().int().nullable(),
  clientId: z.string().nullable(),
  spokenAt: nullableInstant,
  confidence: z.number().nullable(),
  isFinal: z.boolean(),
  createdAt: instant,
});

const archivedParticipant = z.object({
  id: z.string(),
  appointmentId: z.string(),
  identity: z.string(),
  displayName: z.string().nullable(),
  role: z.string(),
  joinedAt: instant,
  leftAt: nullableInstant,
  secondsPresent: z.number().int().nullable(),
});

const archivedRating = z.object({
  id: z.string(),
  rating: z.number().int(),
  comment: z.string().nullable(),
  tipAmount: z.coerce.number().nullable(),
  createdAt: instant,
});

const archivedTopic = z.object({ id: z.string(), name: z.string() });

export type ArchivedMessage = z.infer<typeof archivedMessage>;
export type ArchivedParticipant = z.infer<typeof archivedParticipant>;

export interface ArchivedSession {
  id: string;
  roomId: string;
  appointmentId: string;
  userId: string;
  startedAt: Date;
  endedAt: Date | null;
  durationMinutes: number;
  status: SessionStatus;
  warningsSent: number;
  transcript: string | null;
  aiSummary: string | null;
  summary: string | null;
  createdAt: Date;
  archivedAt: Date;
  messages: ArchivedMessage[];
  participants: ArchivedParticipant[];
  rating: z.infer<typeof archivedRating> | null;
  topics: z.infer<typeof archivedTopic>[];
  paymentIds: string[];
}

/** An archived session with its JSON parsed back into typed rows (dates as Dates). */
export async function readArchivedSession(db: Db, id: string): Promise<ArchivedSession | null> {
  const row = await db.sessionArchive.findUnique({ where: { id } });
  if (!row) return null;
  const { messages, participants, rating, topics, payments, ...columns } = row;
  return {
    ...columns,
    messages: z.array(archivedMessage).parse(messages),
    participants: z.array(archivedParticipant).parse(participants),
    rating: rating === null ? null : archivedRating.parse(rating),
    topics: z.array(archivedTopic).parse(topics),
    paymentIds: z.array(z.string()).parse(payments),
  };
}
