-- CreateEnum
CREATE TYPE "RelationshipOrigin" AS ENUM ('client_booking', 'admin');

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "bookedById" TEXT;

-- CreateTable
CREATE TABLE "CoachClientRelationship" (
    "id" TEXT NOT NULL,
    "coachId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "origin" "RelationshipOrigin" NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "endedById" TEXT,

    CONSTRAINT "CoachClientRelationship_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CoachClientRelationship_clientId_idx" ON "CoachClientRelationship"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "CoachClientRelationship_coachId_clientId_key" ON "CoachClientRelationship"("coachId", "clientId");

-- AddForeignKey
ALTER TABLE "CoachClientRelationship" ADD CONSTRAINT "CoachClientRelationship_coachId_fkey" FOREIGN KEY ("coachId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CoachClientRelationship" ADD CONSTRAINT "CoachClientRelationship_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Every coach and client who have had a session together, or have one booked, keep their
-- relationship (who booked was not kept before, so a booking counts as the client's).
INSERT INTO "CoachClientRelationship" (id, "coachId", "clientId", origin, "createdAt")
SELECT 'rel_' || md5(a."coachId" || ':' || a."clientId"), a."coachId", a."clientId", 'client_booking', min(a."createdAt")
FROM "Appointment" a
WHERE a.status IN ('scheduled', 'active', 'completed')
GROUP BY a."coachId", a."clientId";
