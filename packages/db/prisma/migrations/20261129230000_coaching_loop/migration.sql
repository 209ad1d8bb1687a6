-- AlterEnum
ALTER TYPE "AppointmentStatus" ADD VALUE 'no_show';

-- DropIndex
DROP INDEX "ClientNote_coachId_clientId_idx";

-- DropIndex
DROP INDEX "Exercise_category_difficulty_idx";

-- DropIndex
DROP INDEX "ExerciseAssignment_coachId_createdAt_idx";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "sealedAiRecap" TEXT,
ADD COLUMN     "summaryPublishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "summaryPublishedById" TEXT;

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "absentRoles" "ParticipantRole"[],
ADD COLUMN     "noShowAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ClientNote" ADD COLUMN     "appointmentId" TEXT;

-- AlterTable
ALTER TABLE "ClientGoal" ADD COLUMN     "closedAt" TIMESTAMPTZ(3),
ADD COLUMN     "createdById" TEXT;

-- AlterTable
ALTER TABLE "GoalProgress" ADD COLUMN     "appointmentId" TEXT,
ADD COLUMN     "recordedById" TEXT;

-- AlterTable
ALTER TABLE "ExerciseAssignment" ADD COLUMN     "appointmentId" TEXT,
ADD COLUMN     "completionNote" TEXT,
ADD COLUMN     "dueReminderSentAt" TIMESTAMPTZ(3),
ADD COLUMN     "overdueReminderSentAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "ClientNote_coachId_clientId_createdAt_idx" ON "ClientNote"("coachId", "clientId", "createdAt");

-- CreateIndex
CREATE INDEX "Exercise_createdBy_category_idx" ON "Exercise"("createdBy", "category");

-- CreateIndex
CREATE INDEX "ExerciseAssignment_coachId_completed_dueDate_idx" ON "ExerciseAssignment"("coachId", "completed", "dueDate");

-- AddForeignKey
ALTER TABLE "ClientNote" ADD CONSTRAINT "ClientNote_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoalProgress" ADD CONSTRAINT "GoalProgress_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExerciseAssignment" ADD CONSTRAINT "ExerciseAssignment_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

