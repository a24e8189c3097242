-- AlterTable
ALTER TABLE "MfaSecret" ADD COLUMN     "failedAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastFailedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MfaIpThrottle" (
    "ip" TEXT NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastFailedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MfaIpThrottle_pkey" PRIMARY KEY ("ip")
);
