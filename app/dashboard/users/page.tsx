import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UsersTable } from "@/components/users/users-table";
import { requireAdmin } from "@/lib/auth/page-guard";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requireAdmin();
  return (
    <>
      <PageHeader title="Users">
        People who can sign in. Changing a role, disabling an account or resetting a password ends that
        person&apos;s sessions at once.
      </PageHeader>
      <CreateUserForm passwordMinLength={PASSWORD_MIN_LENGTH} />
      <UsersTable currentUserId={admin.userId} passwordMinLength={PASSWORD_MIN_LENGTH} />
    </>
  );
}
