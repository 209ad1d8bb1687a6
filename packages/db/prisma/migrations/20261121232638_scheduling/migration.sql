-- AlterTable
ALTER TABLE "User" ADD COLUMN     "bookingHorizonDays" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "bufferMinutes" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "calendarFeedTokenHash" TEXT,
ADD COLUMN     "minNoticeMinutes" INTEGER NOT NULL DEFAULT 120;

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "reminder1hSentAt" TIMESTAMPTZ(3),
ADD COLUMN     "reminder24hSentAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "CoachTimeOff" (
    "id" TEXT NOT NULL,
    "coachId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT,

    CONSTRAINT "CoachTimeOff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CoachTimeOff_coachId_startsAt_idx" ON "CoachTimeOff"("coachId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_calendarFeedTokenHash_key" ON "User"("calendarFeedTokenHash");

-- AddForeignKey
ALTER TABLE "CoachTimeOff" ADD CONSTRAINT "CoachTimeOff_coachId_fkey" FOREIGN KEY ("coachId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: ranges of the booking rules and of time off.
ALTER TABLE "User" ADD CONSTRAINT "User_booking_rules_range" CHECK (
  "bufferMinutes" BETWEEN 0 AND 240
  AND "minNoticeMinutes" BETWEEN 0 AND 20160
  AND "bookingHorizonDays" BETWEEN 1 AND 365
);
ALTER TABLE "CoachTimeOff" ADD CONSTRAINT "CoachTimeOff_ends_after_start" CHECK ("endsAt" > "startsAt");
