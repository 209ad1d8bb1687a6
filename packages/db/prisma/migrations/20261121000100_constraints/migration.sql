-- Hand-written: rules Prisma's schema language cannot express. `db:check` compares the
-- Prisma-expressible catalog only, and tests in packages/db assert each rule below.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Ranges and positivity
ALTER TABLE "User" ADD CONSTRAINT "User_email_lowercase" CHECK ("email" = lower("email"));
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_intakeInitialMood_range" CHECK ("intakeInitialMood" BETWEEN 1 AND 5);
ALTER TABLE "SessionRating" ADD CONSTRAINT "SessionRating_rating_range" CHECK ("rating" BETWEEN 1 AND 5);
ALTER TABLE "SessionRating" ADD CONSTRAINT "SessionRating_tipAmount_allowed" CHECK ("tipAmount" IS NULL OR "tipAmount" IN (1, 3, 5));
ALTER TABLE "GoalProgress" ADD CONSTRAINT "GoalProgress_rating_range" CHECK ("rating" BETWEEN 1 AND 5);
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_durationMin_positive" CHECK ("durationMin" > 0);
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_endsAt_matches_duration" CHECK ("endsAt" = "scheduledFor" + make_interval(mins => "durationMin"));
ALTER TABLE "Session" ADD CONSTRAINT "Session_durationMinutes_positive" CHECK ("durationMinutes" > 0);
ALTER TABLE "Session" ADD CONSTRAINT "Session_warningsSent_nonnegative" CHECK ("warningsSent" >= 0);
ALTER TABLE "Session" ADD CONSTRAINT "Session_endedAt_after_startedAt" CHECK ("endedAt" IS NULL OR "endedAt" >= "startedAt");
ALTER TABLE "Exercise" ADD CONSTRAINT "Exercise_duration_positive" CHECK ("duration" > 0);
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "SessionParticipant" ADD CONSTRAINT "SessionParticipant_leftAt_after_joinedAt" CHECK ("leftAt" IS NULL OR "leftAt" >= "joinedAt");
ALTER TABLE "SessionParticipant" ADD CONSTRAINT "SessionParticipant_secondsPresent_nonnegative" CHECK ("secondsPresent" IS NULL OR "secondsPresent" >= 0);
ALTER TABLE "RateLimit" ADD CONSTRAINT "RateLimit_requestCount_nonnegative" CHECK ("requestCount" >= 0);
ALTER TABLE "SkoolMonitoringLog" ADD CONSTRAINT "SkoolMonitoringLog_counts_nonnegative" CHECK ("membersFound" >= 0 AND "newMembers" >= 0 AND "cancelledMembers" >= 0 AND "syncDurationMs" >= 0);

-- Availability windows: "HH:MM" local times, start before end, one-off windows carry a date
ALTER TABLE "CoachAvailability" ADD CONSTRAINT "CoachAvailability_dayOfWeek_range" CHECK ("dayOfWeek" BETWEEN 0 AND 6);
ALTER TABLE "CoachAvailability" ADD CONSTRAINT "CoachAvailability_times_valid" CHECK (
  "startTime" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
  AND "endTime" ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'
  AND "startTime" < "endTime"
);
ALTER TABLE "CoachAvailability" ADD CONSTRAINT "CoachAvailability_one_off_has_date" CHECK ("isRecurring" OR "specificDate" IS NOT NULL);

-- No double booking: two live (scheduled or active) appointments may not overlap in time for
-- one coach, nor for one client. Ranges are half-open, so back-to-back sessions are fine.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_coach_no_overlap"
  EXCLUDE USING gist ("coachId" WITH =, tstzrange("scheduledFor", "endsAt") WITH &&)
  WHERE ("status" IN ('scheduled', 'active'));
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_client_no_overlap"
  EXCLUDE USING gist ("clientId" WITH =, tstzrange("scheduledFor", "endsAt") WITH &&)
  WHERE ("status" IN ('scheduled', 'active'));
