"use client";

import type { ClearScope } from "@/lib/cache/types";
import { ConfirmedActionButton } from "../ui/confirmed-action-button";
import type { ReportOutcome } from "../ui/feedback";
import { useClearCache } from "./use-cache";

/** One clear (all, or one namespace) behind a confirmation; the outcome goes to the panel's live region. */
export function ClearCacheButton({ scope, report, small = false }: { scope: Extract<ClearScope, { scope: "all" | "namespace" }>; report: ReportOutcome; small?: boolean }) {
  const clear = useClearCache();
  const what = scope.scope === "all" ? "the whole cache" : `namespace “${scope.namespace}”`;
  return (
    <ConfirmedActionButton
      label={scope.scope === "all" ? "Clear all" : "Clear"}
      pendingLabel="Clearing…"
      ariaLabel={scope.scope === "all" ? undefined : `Clear namespace ${scope.namespace}`}
      className={`button button-danger${small ? " button-small" : ""}`}
      pending={clear.isPending}
      title={`Clear ${what}?`}
      confirmLabel="Clear"
      run={() => clear.mutateAsync(scope)}
      successMessage={`Cleared ${what}.`}
      report={report}
    >
      <p>
        Every instance forgets these entries (in-process and in Redis); the next requests load them again, so they may be
        slower for a moment.
      </p>
    </ConfirmedActionButton>
  );
}
