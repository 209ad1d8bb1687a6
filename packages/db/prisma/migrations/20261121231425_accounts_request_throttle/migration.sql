-- CreateTable
CREATE TABLE "RequestThrottle" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RequestThrottle_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE INDEX "RequestThrottle_windowStart_idx" ON "RequestThrottle"("windowStart");

