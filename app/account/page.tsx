import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SignOutButton } from "@/components/sign-out-button";
import { RoleBadge } from "@/components/ui/badge";
import { requireUser } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Account" />
      <section className="card section" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="details-list">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>
            <RoleBadge role={user.role} />
          </dd>
        </dl>
      </section>
      <section className="card section" aria-labelledby="mfa-title">
        <h2 id="mfa-title">Two-factor authentication</h2>
        <p className="placeholder-note">Two-factor authentication: arrives with the MFA issue.</p>
      </section>
      <section className="card section" aria-labelledby="sign-out-title">
        <h2 id="sign-out-title">Sign out</h2>
        <p>Ends your session in this browser.</p>
        <SignOutButton className="button" />
      </section>
    </>
  );
}
