import { apiRequest } from "../api/client";

const base = (action: string, userId: string) => `/api/security-performance/security/mfa/${action}/${encodeURIComponent(userId)}`;

export interface EnrollmentStart {
  otpauthUrl: string;
  qrDataUrl: string;
  secret: string;
}

export const mfaApi = {
  start: (userId: string) => apiRequest<EnrollmentStart>(base("setup", userId), { method: "POST" }),
  confirm: (userId: string, code: string) =>
    apiRequest<{ enabled: true; backupCodes: string[] }>(base("verify", userId), { method: "POST", body: { code } }),
  verify: (userId: string, code: string) =>
    apiRequest<{ verified: true; method: "totp" | "backup"; backupCodesRemaining: number | null }>(base("verify", userId), { method: "POST", body: { code } }),
  regenerate: (userId: string, code: string) =>
    apiRequest<{ backupCodes: string[] }>(base("backup-codes", userId), { method: "POST", body: { code } }),
  disable: (userId: string, code: string) => apiRequest<{ enabled: false }>(base("disable", userId), { method: "POST", body: { code } }),
  /** Admin: removes another user's MFA. */
  reset: (userId: string) => apiRequest<{ reset: true }>(base("setup", userId), { method: "POST" }),
};
