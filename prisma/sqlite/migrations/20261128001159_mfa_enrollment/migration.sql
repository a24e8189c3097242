-- CreateTable
CREATE TABLE "MfaIpThrottle" (
    "ip" TEXT NOT NULL PRIMARY KEY,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastFailedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MfaSecret" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "encryptedSecret" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "enabledAt" DATETIME,
    "lastUsedStep" INTEGER,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastFailedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MfaSecret_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MfaSecret" ("createdAt", "enabledAt", "encryptedSecret", "keyId", "lastUsedStep", "updatedAt", "userId") SELECT "createdAt", "enabledAt", "encryptedSecret", "keyId", "lastUsedStep", "updatedAt", "userId" FROM "MfaSecret";
DROP TABLE "MfaSecret";
ALTER TABLE "new_MfaSecret" RENAME TO "MfaSecret";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
