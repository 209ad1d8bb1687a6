-- CreateEnum
CREATE TYPE "DataExportStatus" AS ENUM ('pending', 'running', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "ErasureStatus" AS ENUM ('pending', 'done', 'cancelled');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "aiOptOutAt" TIMESTAMPTZ(3);

-- Health data leaves its plaintext columns for sealed ones. SQL cannot seal (the key lives in
-- the application), so this keeps the data: each row's plaintext moves into "pendingPlaintext",
-- and `npm run db:migrate` (and npm start) seals it right after this migration and empties it
-- (packages/db/src/seal-pending.ts).
ALTER TABLE "Profile" ADD COLUMN "pendingPlaintext" JSONB,
ADD COLUMN "sealedBio" TEXT,
ADD COLUMN "sealedContext" TEXT,
ADD COLUMN "sealedIntake" TEXT;

UPDATE "Profile" SET "pendingPlaintext" = jsonb_strip_nulls(jsonb_build_object(
  'intake', CASE WHEN "intakeCoachingGoals" IS NOT NULL OR "intakeSymptoms" IS NOT NULL OR "intakeInitialMood" IS NOT NULL
    THEN jsonb_build_object('coachingGoals', "intakeCoachingGoals", 'symptoms', "intakeSymptoms", 'initialMood', "intakeInitialMood") END,
  'context', CASE WHEN cardinality("clientFacts") > 0 OR cardinality("challenges") > 0 OR "preferences" IS NOT NULL OR "contextNotes" IS NOT NULL
    THEN jsonb_build_object('clientFacts', to_jsonb("clientFacts"), 'challenges', to_jsonb("challenges"), 'preferences', "preferences", 'contextNotes', "contextNotes") END,
  'bio', "bioJson"->'text'))
WHERE "intakeCoachingGoals" IS NOT NULL OR "intakeSymptoms" IS NOT NULL OR "intakeInitialMood" IS NOT NULL
  OR cardinality("clientFacts") > 0 OR cardinality("challenges") > 0 OR "preferences" IS NOT NULL
  OR "contextNotes" IS NOT NULL OR jsonb_typeof("bioJson"->'text') = 'string';

ALTER TABLE "Profile" DROP COLUMN "bioJson",
DROP COLUMN "challenges",
DROP COLUMN "clientFacts",
DROP COLUMN "contextNotes",
DROP COLUMN "intakeCoachingGoals",
DROP COLUMN "intakeInitialMood",
DROP COLUMN "intakeSymptoms",
DROP COLUMN "preferences";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "transcriptPurgedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "aiOffAt" TIMESTAMPTZ(3);

-- Coach notes the same way.
ALTER TABLE "ClientNote" ADD COLUMN "pendingPlaintext" TEXT,
ADD COLUMN "sealedContent" TEXT;
UPDATE "ClientNote" SET "pendingPlaintext" = "content";
ALTER TABLE "ClientNote" DROP COLUMN "content";

-- AlterTable
ALTER TABLE "SessionArchive" ADD COLUMN     "transcriptPurgedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "noticeVersion" TEXT NOT NULL,
    "agreedAt" TIMESTAMPTZ(3) NOT NULL,
    "appointmentId" TEXT,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TranscriptionPause" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "pausedAt" TIMESTAMPTZ(3) NOT NULL,
    "pausedById" TEXT NOT NULL,
    "resumedAt" TIMESTAMPTZ(3),
    "resumedById" TEXT,

    CONSTRAINT "TranscriptionPause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "requestedById" TEXT,
    "reason" TEXT,
    "status" "DataExportStatus" NOT NULL DEFAULT 'pending',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER,
    "error" TEXT,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "DataExport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ErasureRequest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "requestedById" TEXT,
    "reason" TEXT,
    "status" "ErasureStatus" NOT NULL DEFAULT 'pending',
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "purgeAfter" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),

    CONSTRAINT "ErasureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Consent_userId_noticeVersion_key" ON "Consent"("userId", "noticeVersion");

-- CreateIndex
CREATE INDEX "TranscriptionPause_sessionId_pausedAt_idx" ON "TranscriptionPause"("sessionId", "pausedAt");

-- CreateIndex
CREATE INDEX "DataExport_status_requestedAt_idx" ON "DataExport"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "DataExport_userId_requestedAt_idx" ON "DataExport"("userId", "requestedAt");

-- CreateIndex
CREATE INDEX "DataExport_expiresAt_idx" ON "DataExport"("expiresAt");

-- CreateIndex
CREATE INDEX "ErasureRequest_status_purgeAfter_idx" ON "ErasureRequest"("status", "purgeAfter");

-- CreateIndex
CREATE INDEX "ErasureRequest_userId_idx" ON "ErasureRequest"("userId");

-- AddForeignKey
ALTER TABLE "SessionArchive" ADD CONSTRAINT "SessionArchive_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TranscriptionPause" ADD CONSTRAINT "TranscriptionPause_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ErasureRequest" ADD CONSTRAINT "ErasureRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

