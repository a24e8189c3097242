"use client";

import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "./confirm-dialog";
import { errorOutcome, type ReportOutcome } from "./feedback";

/**
 * A button for a destructive action: it asks first (ConfirmDialog), then runs `run` and reports
 * the outcome to the caller's live region. The outcome is taken from the promise rather than from
 * mutate() callbacks: once a list refreshes, the row (and this button) may be gone, and callbacks
 * of an unmounted observer never run.
 */
export function ConfirmedActionButton({
  label,
  pendingLabel,
  ariaLabel,
  className,
  pending,
  title,
  confirmLabel,
  children,
  run,
  successMessage,
  report,
}: {
  label: string;
  /** Shown while `pending`; the label stays when not given. */
  pendingLabel?: string;
  ariaLabel?: string;
  className: string;
  pending: boolean;
  title: string;
  confirmLabel: string;
  /** What confirming will do, in the dialog. */
  children: ReactNode;
  run: () => Promise<unknown>;
  successMessage: string;
  report: ReportOutcome;
}) {
  const [confirming, setConfirming] = useState(false);

  function handleConfirm() {
    setConfirming(false);
    run().then(
      () => report({ kind: "success", message: successMessage }),
      (error: unknown) => report(errorOutcome(error)),
    );
  }

  return (
    <>
      <button type="button" className={className} disabled={pending} aria-label={ariaLabel} onClick={() => setConfirming(true)}>
        {pending && pendingLabel ? pendingLabel : label}
      </button>
      <ConfirmDialog open={confirming} title={title} confirmLabel={confirmLabel} onConfirm={handleConfirm} onCancel={() => setConfirming(false)}>
        {children}
      </ConfirmDialog>
    </>
  );
}
