import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { LoginForm } from "@/components/login/login-form";
import { SIGN_IN_FAILED } from "@/lib/auth/credentials";
import { currentUser } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await currentUser()) redirect("/dashboard");
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="brand">PrintGuard</p>
        <h1>Sign in</h1>
        <p className="muted">Use the email and password an administrator gave you.</p>
        <Suspense fallback={<p role="status">Loading the sign-in form…</p>}>
          <LoginForm failureMessage={SIGN_IN_FAILED} />
        </Suspense>
      </div>
    </main>
  );
}
