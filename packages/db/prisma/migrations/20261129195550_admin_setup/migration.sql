-- AlterTable
ALTER TABLE "User" ADD COLUMN     "adminGrantedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "AdminSetupToken" (
    "id" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "usedById" TEXT,

    CONSTRAINT "AdminSetupToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AdminSetupToken_secretHash_key" ON "AdminSetupToken"("secretHash");

