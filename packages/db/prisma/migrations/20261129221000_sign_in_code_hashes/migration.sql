-- Sign-in codes are kept only as SHA-256 hashes, like session tokens. Existing codes are hashed
-- in place and sessions point at the code's row instead of holding the code.

-- AlterTable
ALTER TABLE "AuthCode" ADD COLUMN     "codeHash" TEXT,
ADD COLUMN     "linkTokenHash" TEXT;

-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN     "authCodeId" TEXT;

-- Data: the session's code becomes the code's row id, then every code becomes its hash
UPDATE "UserSession" AS s SET "authCodeId" = c."id" FROM "AuthCode" AS c WHERE c."code" = s."authCodeUsed";
UPDATE "AuthCode" SET "codeHash" = encode(sha256(convert_to("code", 'UTF8')), 'hex');

-- DropForeignKey
ALTER TABLE "UserSession" DROP CONSTRAINT "UserSession_authCodeUsed_fkey";

-- DropIndex
DROP INDEX "AuthCode_code_key";

-- AlterTable
ALTER TABLE "AuthCode" DROP COLUMN "code";

-- AlterTable
ALTER TABLE "UserSession" DROP COLUMN "authCodeUsed";

-- CreateIndex
CREATE UNIQUE INDEX "AuthCode_linkTokenHash_key" ON "AuthCode"("linkTokenHash");

-- AddForeignKey
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_authCodeId_fkey" FOREIGN KEY ("authCodeId") REFERENCES "AuthCode"("id") ON DELETE SET NULL ON UPDATE CASCADE;
