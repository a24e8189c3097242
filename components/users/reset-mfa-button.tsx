"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { UserDto } from "../api/types";
import { mfaApi } from "../mfa/mfa-api";
import { ConfirmedActionButton } from "../ui/confirmed-action-button";
import type { ReportOutcome } from "../ui/feedback";

/** Admin: removes a user's MFA (they lost their phone and backup codes), after a confirmation. */
export function ResetMfaButton({ user, report }: { user: UserDto; report: ReportOutcome }) {
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => mfaApi.reset(user.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["admin", "users"] }),
  });
  return (
    <ConfirmedActionButton
      label="Reset MFA"
      ariaLabel={`Reset MFA for ${user.email}`}
      className="button button-secondary button-small"
      pending={reset.isPending}
      title={`Reset MFA for ${user.email}?`}
      confirmLabel="Reset MFA"
      run={() => reset.mutateAsync()}
      successMessage={`Two-factor authentication for ${user.email} was reset; their sessions have ended.`}
      report={report}
    >
      <p>
        Their authenticator app and backup codes stop working and they are signed out. They can sign in with their password
        alone and must set up two-factor authentication again if their role requires it.
      </p>
    </ConfirmedActionButton>
  );
}
