import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SignOutButton } from "@/components/sign-out-button";
import { RoleBadge } from "@/components/ui/badge";
import { MfaPanel } from "@/components/mfa/mfa-panel";
import { requireUser } from "@/lib/auth/page-guard";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { mfaStatus } from "@/lib/mfa/enrollment";
import { mustCompleteMfa } from "@/lib/mfa/gate";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  // The enrollment page: the one page an admin who must still complete MFA may see.
  const user = await requireUser({ allowWithoutMfa: true });
  const status = await mfaStatus(await getDb(), user.userId);
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
        <MfaPanel
          userId={user.userId}
          email={user.email}
          enabled={status.enabled}
          enabledAt={status.enabledAt?.toISOString() ?? null}
          backupCodesRemaining={status.backupCodesRemaining}
          backupCodesLow={status.backupCodesLow}
          mustComplete={mustCompleteMfa(user, getConfig().requireAdminMfa)}
        />
      </section>
      <section className="card section" aria-labelledby="sign-out-title">
        <h2 id="sign-out-title">Sign out</h2>
        <p>Ends your session in this browser.</p>
        <SignOutButton className="button" />
      </section>
    </>
  );
}
