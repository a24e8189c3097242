import Link from "next/link";
import type { ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";
import { SidebarNav } from "./sidebar-nav";
import { SignOutButton } from "./sign-out-button";
import { RoleBadge } from "./ui/badge";

/** The signed-in frame: dark sidebar, header with who is signed in, and the page. */
export function AppShell({ user, children }: { user: { email: string; role: Role }; children: ReactNode }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <Link className="brand" href="/dashboard">
          PrintGuard
        </Link>
        <SidebarNav showAdministration={user.role === "admin"} />
      </aside>
      <div className="shell-body">
        <header className="topbar">
          <p className="whoami">
            <span>Signed in as</span>
            <strong data-testid="signed-in-email">{user.email}</strong>
            <RoleBadge role={user.role} />
          </p>
          <SignOutButton />
        </header>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
