import type { ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";

export type BadgeTone = "admin" | "user" | "active" | "disabled" | "revoked" | "neutral";

export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={role}>{role === "admin" ? "Admin" : "User"}</Badge>;
}
