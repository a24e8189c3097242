import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { requireUser } from "@/lib/auth/page-guard";

export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await requireUser({ allowWithoutMfa: true });
  return <AppShell user={user}>{children}</AppShell>;
}
