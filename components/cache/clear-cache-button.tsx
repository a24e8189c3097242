"use client";

import { useState } from "react";
import type { ClearScope } from "@/lib/cache/types";
import { errorMessage } from "../api/client";
import { ConfirmDialog } from "../ui/confirm-dialog";
import type { ReportOutcome } from "../ui/feedback";
import { useClearCache } from "./use-cache";

/** One clear (all, or one namespace) behind a confirmation; the outcome goes to the panel's live region. */
export function ClearCacheButton({ scope, report, small = false }: { scope: Extract<ClearScope, { scope: "all" | "namespace" }>; report: ReportOutcome; small?: boolean }) {
  const clear = useClearCache();
  const [confirming, setConfirming] = useState(false);
  const what = scope.scope === "all" ? "the whole cache" : `namespace “${scope.namespace}”`;

  function handleConfirm() {
    setConfirming(false);
    clear.mutateAsync(scope).then(
      () => report({ kind: "success", message: `Cleared ${what}.` }),
      (error: unknown) => report({ kind: "error", message: errorMessage(error) }),
    );
  }

  return (
    <>
      <button
        type="button"
        className={`button button-danger${small ? " button-small" : ""}`}
        disabled={clear.isPending}
        aria-label={scope.scope === "all" ? undefined : `Clear namespace ${scope.namespace}`}
        onClick={() => setConfirming(true)}
      >
        {clear.isPending ? "Clearing…" : scope.scope === "all" ? "Clear all" : "Clear"}
      </button>
      <ConfirmDialog open={confirming} title={`Clear ${what}?`} confirmLabel="Clear" onConfirm={handleConfirm} onCancel={() => setConfirming(false)}>
        <p>
          Every instance forgets these entries (in-process and in Redis); the next requests load them again, so they may be
          slower for a moment.
        </p>
      </ConfirmDialog>
    </>
  );
}
