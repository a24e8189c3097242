"use client";

import type { ApiKeyDto } from "../api/types";
import { ConfirmedActionButton } from "../ui/confirmed-action-button";
import type { ReportOutcome } from "../ui/feedback";
import { maskedKey } from "./key-display";
import { useRevokeApiKey } from "./use-api-keys";

/** Revokes a key after asking; the outcome goes to the table's live region. */
export function RevokeApiKeyButton({ apiKey, report }: { apiKey: ApiKeyDto; report: ReportOutcome }) {
  const revoke = useRevokeApiKey();
  return (
    <ConfirmedActionButton
      label="Revoke"
      pendingLabel="Revoking…"
      ariaLabel={`Revoke API key ${apiKey.name}`}
      className="button button-danger button-small"
      pending={revoke.isPending}
      title={`Revoke API key “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      run={() => revoke.mutateAsync(apiKey.id)}
      successMessage={`Revoked API key “${apiKey.name}”.`}
      report={report}
    >
      <p>
        Programs using <code>{maskedKey(apiKey.prefix)}</code> will be refused from now on. This cannot be undone.
      </p>
    </ConfirmedActionButton>
  );
}
