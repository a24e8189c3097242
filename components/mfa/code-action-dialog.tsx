"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { errorMessage } from "../api/client";
import { Dialog } from "../ui/dialog";
import { CodeField } from "./code-field";

/** Asks for a current code (or a backup code) before a sensitive MFA action, and runs it. */
export function CodeActionDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onSubmit: (code: string) => Promise<void>;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(code);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function close() {
    setError(null);
    onClose();
  }

  return (
    <Dialog open={open} onClose={close} title={title}>
      <form className="form" onSubmit={handleSubmit}>
        {children}
        <CodeField id="mfa-action-code" label="Code" allowBackup error={error} />
        <div className="form-actions">
          <button type="submit" className={danger ? "button button-danger" : "button"} disabled={busy}>
            {busy ? "Checking…" : confirmLabel}
          </button>
          <button type="button" className="button button-secondary" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
