-- CreateEnum
CREATE TYPE "SkoolSyncRequestStatus" AS ENUM ('pending', 'queued', 'running', 'done', 'failed');

-- AlterTable
ALTER TABLE "SkoolMonitoringLog" ADD COLUMN     "details" JSONB,
ADD COLUMN     "source" TEXT;

-- AlterTable
ALTER TABLE "SessionArchive" ADD COLUMN     "payments" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "topics" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "SkoolSyncRequest" (
    "id" TEXT NOT NULL,
    "community" "Community" NOT NULL,
    "status" "SkoolSyncRequestStatus" NOT NULL DEFAULT 'pending',
    "requestedById" TEXT,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "logId" INTEGER,
    "error" TEXT,

    CONSTRAINT "SkoolSyncRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SkoolSyncPreview" (
    "id" TEXT NOT NULL,
    "community" "Community" NOT NULL,
    "takenAt" TIMESTAMPTZ(3) NOT NULL,
    "members" JSONB NOT NULL,
    "duplicatesMerged" INTEGER NOT NULL,
    "fileName" TEXT,
    "fingerprint" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "appliedAt" TIMESTAMPTZ(3),
    "logId" INTEGER,

    CONSTRAINT "SkoolSyncPreview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SkoolWebhookEvent" (
    "id" TEXT NOT NULL,
    "community" "Community" NOT NULL,
    "type" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "SkoolWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SkoolPhotoSync" (
    "userId" TEXT NOT NULL,
    "sourceUrl" TEXT NOT NULL,
    "storedPath" TEXT,
    "syncedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SkoolPhotoSync_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "SkoolSyncRequest_status_requestedAt_idx" ON "SkoolSyncRequest"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "SkoolSyncRequest_requestedAt_idx" ON "SkoolSyncRequest"("requestedAt");

-- CreateIndex
CREATE INDEX "SkoolSyncPreview_expiresAt_idx" ON "SkoolSyncPreview"("expiresAt");

-- CreateIndex
CREATE INDEX "SkoolWebhookEvent_receivedAt_idx" ON "SkoolWebhookEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "SkoolPhotoSync_nextAttemptAt_idx" ON "SkoolPhotoSync"("nextAttemptAt");

-- CreateIndex
CREATE INDEX "SkoolMonitoringLog_executedAt_idx" ON "SkoolMonitoringLog"("executedAt");

-- AddForeignKey
ALTER TABLE "SkoolPhotoSync" ADD CONSTRAINT "SkoolPhotoSync_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

