"use client";

import { useState } from "react";
import { errorMessage } from "../api/client";
import type { ApiKeyDto } from "../api/types";
import { ConfirmDialog } from "../ui/confirm-dialog";
import type { ReportOutcome } from "../ui/feedback";
import { maskedKey } from "./key-display";
import { useRevokeApiKey } from "./use-api-keys";

/** Revokes a key after asking; the outcome goes to the table's live region. */
export function RevokeApiKeyButton({ apiKey, report }: { apiKey: ApiKeyDto; report: ReportOutcome }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);

  function handleConfirm() {
    setConfirming(false);
    // A promise rather than mutate() callbacks: once the list refreshes, this revoked key's row has
    // no button any more, and callbacks of an unmounted observer never run.
    revoke.mutateAsync(apiKey.id).then(
      () => report({ kind: "success", message: `Revoked API key “${apiKey.name}”.` }),
      (error: unknown) => report({ kind: "error", message: errorMessage(error) }),
    );
  }

  return (
    <>
      <button
        type="button"
        className="button button-danger button-small"
        disabled={revoke.isPending}
        aria-label={`Revoke API key ${apiKey.name}`}
        onClick={() => setConfirming(true)}
      >
        {revoke.isPending ? "Revoking…" : "Revoke"}
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Revoke API key “${apiKey.name}”?`}
        confirmLabel="Revoke key"
        onConfirm={handleConfirm}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Programs using <code>{maskedKey(apiKey.prefix)}</code> will be refused from now on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
