"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/client";
import type { UserDto } from "../api/types";
import { mfaApi } from "../mfa/mfa-api";
import { ConfirmDialog } from "../ui/confirm-dialog";
import type { ReportOutcome } from "../ui/feedback";

/** Admin: removes a user's MFA (they lost their phone and backup codes), after a confirmation. */
export function ResetMfaButton({ user, report }: { user: UserDto; report: ReportOutcome }) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => mfaApi.reset(user.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["admin", "users"] }),
  });

  function confirm() {
    setOpen(false);
    reset.mutate(undefined, {
      onSuccess: () => report({ kind: "success", message: `Two-factor authentication for ${user.email} was reset; their sessions have ended.` }),
      onError: (error) => report({ kind: "error", message: errorMessage(error) }),
    });
  }

  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={reset.isPending}
        aria-label={`Reset MFA for ${user.email}`}
        onClick={() => setOpen(true)}
      >
        Reset MFA
      </button>
      <ConfirmDialog open={open} title={`Reset MFA for ${user.email}?`} confirmLabel="Reset MFA" onConfirm={confirm} onCancel={() => setOpen(false)}>
        <p>
          Their authenticator app and backup codes stop working and they are signed out. They can sign in with their password
          alone and must set up two-factor authentication again if their role requires it.
        </p>
      </ConfirmDialog>
    </>
  );
}
