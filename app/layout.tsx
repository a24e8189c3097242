import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "PrintGuard", template: "%s · PrintGuard" },
  description: "Security and performance control plane for an AI-driven 3D-print system",
};

/**
 * Every page is rendered per request: the Content-Security-Policy carries a fresh nonce that Next
 * puts on its scripts, and a prerendered page would carry none (its scripts would be blocked).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
