-- One meeting record per appointment. Until now every participant had a Session row and the
-- meeting's data (transcript, summaries, warnings, end) was copied onto each. This keeps the
-- earliest row of each appointment as its meeting record, gives it what its siblings knew, moves
-- their messages, rating, payments and topics onto it, records as presence who each sibling was,
-- and only then removes the siblings. Nothing is dropped before it has been moved.

-- Indexes that the moves below would trip over (re-created in their new form at the end).
DROP INDEX "Message_sessionId_clientId_key";
DROP INDEX "Session_appointmentId_userId_key";
DROP INDEX "SessionArchive_userId_startedAt_idx";
DROP INDEX "SessionArchive_appointmentId_idx";

-- The producer's idempotency key keeps its values under a name that says what it is.
ALTER TABLE "Message" RENAME COLUMN "clientId" TO "idempotencyKey";

-- Presence that only a per-participant row knew: who joined and from when to when.
INSERT INTO "SessionParticipant" (id, "appointmentId", identity, "displayName", role, "joinedAt", "leftAt", "secondsPresent")
SELECT 'mr_' || s.id, s."appointmentId", s."userId", u."displayName",
  (CASE WHEN s."userId" = a."clientId" THEN 'client' WHEN s."userId" = a."coachId" THEN 'coach' ELSE 'admin' END)::"ParticipantRole",
  s."startedAt", s."endedAt",
  CASE WHEN s."endedAt" IS NULL THEN NULL
       ELSE GREATEST(0, round(extract(epoch FROM s."endedAt" - s."startedAt")))::int END
FROM "Session" s
JOIN "Appointment" a ON a.id = s."appointmentId"
JOIN "User" u ON u.id = s."userId"
WHERE NOT EXISTS (
  SELECT 1 FROM "SessionParticipant" p WHERE p."appointmentId" = s."appointmentId" AND p.identity = s."userId"
);

INSERT INTO "SessionParticipant" (id, "appointmentId", identity, "displayName", role, "joinedAt", "leftAt", "secondsPresent")
SELECT 'mra_' || s.id, s."appointmentId", s."userId", u."displayName",
  (CASE WHEN s."userId" = a."clientId" THEN 'client' WHEN s."userId" = a."coachId" THEN 'coach' ELSE 'admin' END)::"ParticipantRole",
  s."startedAt", s."endedAt",
  CASE WHEN s."endedAt" IS NULL THEN NULL
       ELSE GREATEST(0, round(extract(epoch FROM s."endedAt" - s."startedAt")))::int END
FROM "SessionArchive" s
JOIN "Appointment" a ON a.id = s."appointmentId"
JOIN "User" u ON u.id = s."userId"
WHERE NOT EXISTS (
  SELECT 1 FROM "SessionParticipant" p WHERE p."appointmentId" = s."appointmentId" AND p.identity = s."userId"
);

-- The meeting record (the earliest row) takes what its siblings knew.
UPDATE "Session" k SET
  "startedAt" = agg.started,
  "endedAt" = agg.ended,
  "warningsSent" = agg.warnings,
  transcript = agg.transcript,
  "aiSummary" = agg.ai,
  summary = agg.published
FROM (
  SELECT "appointmentId",
    min("startedAt") AS started,
    max("endedAt") AS ended,
    max("warningsSent") AS warnings,
    (array_agg(transcript ORDER BY "createdAt", id) FILTER (WHERE transcript IS NOT NULL))[1] AS transcript,
    (array_agg("aiSummary" ORDER BY "createdAt", id) FILTER (WHERE "aiSummary" IS NOT NULL))[1] AS ai,
    (array_agg(summary ORDER BY "createdAt", id) FILTER (WHERE summary IS NOT NULL))[1] AS published
  FROM "Session"
  GROUP BY "appointmentId"
) agg
WHERE k."appointmentId" = agg."appointmentId"
  AND k.id = (SELECT s2.id FROM "Session" s2 WHERE s2."appointmentId" = k."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1);

-- Everything that pointed at a sibling now points at the meeting record.
UPDATE "Message" m SET "sessionId" = keep.id
FROM "Session" s,
  LATERAL (SELECT s2.id FROM "Session" s2 WHERE s2."appointmentId" = s."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1) keep
WHERE m."sessionId" = s.id AND s.id <> keep.id;

UPDATE "SessionRating" r SET "sessionId" = keep.id
FROM "Session" s,
  LATERAL (SELECT s2.id FROM "Session" s2 WHERE s2."appointmentId" = s."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1) keep
WHERE r."sessionId" = s.id AND s.id <> keep.id;

UPDATE "Payment" pay SET "sessionId" = keep.id
FROM "Session" s,
  LATERAL (SELECT s2.id FROM "Session" s2 WHERE s2."appointmentId" = s."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1) keep
WHERE pay."sessionId" = s.id AND s.id <> keep.id;

INSERT INTO "SessionTopicMapping" (id, "sessionId", "topicId")
SELECT 'mr_' || tm.id, keep.id, tm."topicId"
FROM "SessionTopicMapping" tm
JOIN "Session" s ON s.id = tm."sessionId",
  LATERAL (SELECT s2.id FROM "Session" s2 WHERE s2."appointmentId" = s."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1) keep
WHERE s.id <> keep.id
ON CONFLICT ("sessionId", "topicId") DO NOTHING;

-- The siblings have given everything away (their topic mappings go with them).
DELETE FROM "Session" s
WHERE s.id <> (SELECT s2.id FROM "Session" s2 WHERE s2."appointmentId" = s."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1);

-- The archive, likewise: one row per appointment holding every sibling's messages, the rating,
-- the union of topics and payments.
UPDATE "SessionArchive" k SET
  "startedAt" = agg.started,
  "endedAt" = agg.ended,
  "warningsSent" = agg.warnings,
  transcript = agg.transcript,
  "aiSummary" = agg.ai,
  summary = agg.published,
  messages = agg.messages,
  rating = agg.rating,
  topics = agg.topics,
  payments = agg.payments
FROM (
  SELECT a."appointmentId",
    min(a."startedAt") AS started,
    max(a."endedAt") AS ended,
    max(a."warningsSent") AS warnings,
    (array_agg(a.transcript ORDER BY a."createdAt", a.id) FILTER (WHERE a.transcript IS NOT NULL))[1] AS transcript,
    (array_agg(a."aiSummary" ORDER BY a."createdAt", a.id) FILTER (WHERE a."aiSummary" IS NOT NULL))[1] AS ai,
    (array_agg(a.summary ORDER BY a."createdAt", a.id) FILTER (WHERE a.summary IS NOT NULL))[1] AS published,
    (array_agg(a.rating ORDER BY a."createdAt", a.id) FILTER (WHERE a.rating IS NOT NULL))[1] AS rating,
    COALESCE((SELECT jsonb_agg(e ORDER BY e->>'createdAt', e->>'id')
              FROM "SessionArchive" b, jsonb_array_elements(b.messages) e
              WHERE b."appointmentId" = a."appointmentId"), '[]'::jsonb) AS messages,
    COALESCE((SELECT jsonb_agg(DISTINCT e)
              FROM "SessionArchive" b, jsonb_array_elements(b.topics) e
              WHERE b."appointmentId" = a."appointmentId"), '[]'::jsonb) AS topics,
    COALESCE((SELECT jsonb_agg(DISTINCT e)
              FROM "SessionArchive" b, jsonb_array_elements(b.payments) e
              WHERE b."appointmentId" = a."appointmentId"), '[]'::jsonb) AS payments
  FROM "SessionArchive" a
  GROUP BY a."appointmentId"
) agg
WHERE k."appointmentId" = agg."appointmentId"
  AND k.id = (SELECT s2.id FROM "SessionArchive" s2 WHERE s2."appointmentId" = k."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1);

DELETE FROM "SessionArchive" s
WHERE s.id <> (SELECT s2.id FROM "SessionArchive" s2 WHERE s2."appointmentId" = s."appointmentId" ORDER BY s2."createdAt", s2.id LIMIT 1);

-- Archived messages carry the renamed key too.
UPDATE "SessionArchive" SET messages = (
  SELECT COALESCE(jsonb_agg(
    CASE WHEN e ? 'clientId' THEN (e - 'clientId') || jsonb_build_object('idempotencyKey', e->'clientId') ELSE e END
    ORDER BY ord), '[]'::jsonb)
  FROM jsonb_array_elements(messages) WITH ORDINALITY AS x(e, ord)
);

-- A message event now carries the message under `message` (the typed live-event contract).
UPDATE "SessionEvent" SET payload = jsonb_build_object('message', payload) WHERE type = 'message';

-- What the per-participant rows had that the meeting record does not: the participant, the
-- appointment's length and status (the appointment has both), the room (the appointment's).
ALTER TABLE "Session" DROP CONSTRAINT "Session_userId_fkey";
ALTER TABLE "SessionParticipant" DROP CONSTRAINT "SessionParticipant_sessionId_fkey";
DROP INDEX "Session_userId_status_idx";
DROP INDEX "Session_status_startedAt_idx";
DROP INDEX "Session_roomId_idx";

ALTER TABLE "Session" DROP COLUMN "durationMinutes",
DROP COLUMN "roomId",
DROP COLUMN "status",
DROP COLUMN "userId";

ALTER TABLE "SessionParticipant" DROP COLUMN "sessionId";

ALTER TABLE "SessionArchive" DROP COLUMN "durationMinutes",
DROP COLUMN "participants",
DROP COLUMN "roomId",
DROP COLUMN "status",
DROP COLUMN "userId";

DROP TYPE "SessionStatus";

CREATE UNIQUE INDEX "Session_appointmentId_key" ON "Session"("appointmentId");
CREATE INDEX "Session_startedAt_idx" ON "Session"("startedAt");
CREATE INDEX "Session_endedAt_idx" ON "Session"("endedAt");
CREATE UNIQUE INDEX "Message_sessionId_idempotencyKey_key" ON "Message"("sessionId", "idempotencyKey");
CREATE UNIQUE INDEX "SessionArchive_appointmentId_key" ON "SessionArchive"("appointmentId");
