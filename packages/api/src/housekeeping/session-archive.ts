import type { Db } from '@hybridcoach/db';
import { DateTime } from 'luxon';
import { z } from 'zod';

export interface ArchiveResult {
  archived: number;
  batches: number;
  cutoff: Date;
}

/**
 * Moves meeting records that ended more than `olderThanMonths` ago into SessionArchive,
 * `batchSize` at a time, each batch one transaction: copy (the record's columns, and its
 * messages, rating, topics and payment ids as JSON), check every row was copied, then delete.
 * Deleting cascades to messages, rating and topic mappings (all copied); payments stay, their
 * sessionId becoming null by design; presence belongs to the appointment and stays. Batches
 * lock with SKIP LOCKED, so two runs share the work instead of colliding; a failed batch rolls
 * back whole and is retried.
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
      WHERE "endedAt" < ${cutoff}::timestamptz
      ORDER BY "endedAt", id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    const copied = await tx.$executeRaw`
      INSERT INTO "SessionArchive" (id, "appointmentId", "startedAt", "endedAt", "warningsSent", transcript,
        "aiSummary", summary, "createdAt", messages, rating, topics, payments, "archivedAt", "transcriptPurgedAt")
      SELECT s.id, s."appointmentId", s."startedAt", s."endedAt", s."warningsSent", s.transcript,
        s."aiSummary", s.summary, s."createdAt",
        COALESCE((SELECT jsonb_agg(to_jsonb(m) ORDER BY m."createdAt", m.id) FROM "Message" m
                  WHERE m."sessionId" = s.id), '[]'::jsonb),
        (SELECT to_jsonb(r) FROM "SessionRating" r WHERE r."sessionId" = s.id),
        COALESCE((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
                  FROM "SessionTopicMapping" tm JOIN "SessionTopic" t ON t.id = tm."topicId"
                  WHERE tm."sessionId" = s.id), '[]'::jsonb),
        COALESCE((SELECT jsonb_agg(pay.id ORDER BY pay."createdAt", pay.id) FROM "Payment" pay
                  WHERE pay."sessionId" = s.id), '[]'::jsonb),
        ${now}::timestamptz, s."transcriptPurgedAt"
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
  idempotencyKey: z.string().nullable(),
  spokenAt: nullableInstant,
  confidence: z.number().nullable(),
  isFinal: z.boolean(),
  createdAt: instant,
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

export interface ArchivedSession {
  id: string;
  appointmentId: string;
  startedAt: Date;
  endedAt: Date | null;
  warningsSent: number;
  transcript: string | null;
  aiSummary: string | null;
  summary: string | null;
  createdAt: Date;
  archivedAt: Date;
  transcriptPurgedAt: Date | null;
  messages: ArchivedMessage[];
  rating: z.infer<typeof archivedRating> | null;
  topics: z.infer<typeof archivedTopic>[];
  paymentIds: string[];
}

/** An archived session with its JSON parsed back into typed rows (dates as Dates). */
export async function readArchivedSession(db: Db, id: string): Promise<ArchivedSession | null> {
  const row = await db.sessionArchive.findUnique({ where: { id } });
  if (!row) return null;
  const { messages, rating, topics, payments, ...columns } = row;
  return {
    ...columns,
    messages: z.array(archivedMessage).parse(messages),
    rating: rating === null ? null : archivedRating.parse(rating),
    topics: z.array(archivedTopic).parse(topics),
    paymentIds: z.array(z.string()).parse(payments),
  };
}
