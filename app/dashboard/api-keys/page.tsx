import type { Metadata } from "next";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { ApiKeysTable } from "@/components/api-keys/api-keys-table";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/page-guard";
import { ALL_SCOPES } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader title="API keys">
        Keys let programs, such as the print frontend, call the API with <code>Authorization: Bearer &lt;key&gt;</code>.
        Each key holds only the scopes chosen when it was created.
      </PageHeader>
      <CreateApiKeyForm scopes={ALL_SCOPES} />
      <ApiKeysTable />
    </>
  );
}
