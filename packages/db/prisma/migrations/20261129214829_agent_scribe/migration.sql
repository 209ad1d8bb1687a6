-- CreateEnum
CREATE TYPE "AssistantMode" AS ENUM ('scribe', 'off', 'conversational');

-- CreateEnum
CREATE TYPE "PostSessionStatus" AS ENUM ('pending', 'queued', 'running', 'done', 'failed');

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "assistantMode" "AssistantMode" NOT NULL DEFAULT 'scribe';

-- CreateTable
CREATE TABLE "AgentClaim" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "agentId" TEXT NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentPresence" (
    "agentId" TEXT NOT NULL,
    "free" INTEGER NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AgentPresence_pkey" PRIMARY KEY ("agentId")
);

-- CreateTable
CREATE TABLE "PostSessionRequest" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "status" "PostSessionStatus" NOT NULL DEFAULT 'pending',
    "jobId" TEXT NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "PostSessionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentClaim_appointmentId_epoch_key" ON "AgentClaim"("appointmentId", "epoch");

-- CreateIndex
CREATE INDEX "AgentPresence_expiresAt_idx" ON "AgentPresence"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "PostSessionRequest_appointmentId_key" ON "PostSessionRequest"("appointmentId");

-- CreateIndex
CREATE INDEX "PostSessionRequest_status_requestedAt_idx" ON "PostSessionRequest"("status", "requestedAt");

-- AddForeignKey
ALTER TABLE "AgentClaim" ADD CONSTRAINT "AgentClaim_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostSessionRequest" ADD CONSTRAINT "PostSessionRequest_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Claims held when this migration runs keep their right to write: one history row per claim as it stands.
INSERT INTO "AgentClaim" ("id", "appointmentId", "epoch", "agentId", "claimedAt", "endedAt")
SELECT gen_random_uuid()::text, a."appointmentId", a."claims", a."agentId",
       COALESCE(a."heartbeatAt", a."updatedAt"),
       CASE WHEN a."status" = 'claimed' THEN NULL ELSE a."updatedAt" END
FROM "AgentAssignment" a
WHERE a."claims" > 0 AND a."agentId" IS NOT NULL;

-- Sessions completed recently without a summary (the agent was down) get their post-session work.
INSERT INTO "PostSessionRequest" ("id", "appointmentId", "jobId", "requestedAt")
SELECT gen_random_uuid()::text, s."appointmentId", gen_random_uuid()::text, now()
FROM "Session" s JOIN "Appointment" ap ON ap."id" = s."appointmentId"
WHERE ap."status" = 'completed' AND s."aiSummary" IS NULL
  AND s."endedAt" > now() - interval '30 days';
