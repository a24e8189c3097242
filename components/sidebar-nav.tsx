"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

interface NavItem {
  href: string;
  label: string;
}

const MONITORING: NavItem[] = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/resources", label: "Resources" },
  { href: "/dashboard/performance", label: "Performance" },
  { href: "/dashboard/security", label: "Security" },
  { href: "/dashboard/audit", label: "Audit log" },
];

const ADMINISTRATION: NavItem[] = [
  { href: "/dashboard/users", label: "Users" },
  { href: "/dashboard/api-keys", label: "API keys" },
];

const PERSONAL: NavItem[] = [{ href: "/account", label: "Account" }];

/** Overview matches only itself; every other item also owns the pages below it. */
function isCurrent(item: NavItem, pathname: string): boolean {
  if (item.href === "/dashboard") return pathname === item.href;
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}

function NavSection({ label, items, pathname }: { label: string; items: NavItem[]; pathname: string }) {
  const labelId = `nav-${label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <div className="nav-section">
      <p className="nav-section-label" id={labelId}>
        {label}
      </p>
      <ul className="nav-list" aria-labelledby={labelId}>
        {items.map((item) => (
          <li key={item.href}>
            <Link className="nav-link" href={item.href} aria-current={isCurrent(item, pathname) ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The sidebar links; admins also see the administration section. */
export function SidebarNav({ showAdministration }: { showAdministration: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="nav">
      <NavSection label="Monitoring" items={MONITORING} pathname={pathname} />
      {showAdministration ? <NavSection label="Administration" items={ADMINISTRATION} pathname={pathname} /> : null}
      <NavSection label="Your account" items={PERSONAL} pathname={pathname} />
    </nav>
  );
}
