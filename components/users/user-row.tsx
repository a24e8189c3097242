"use client";

import { useState } from "react";
import type { Role, UserChangeInput, UserDto } from "../api/types";
import { Badge, RoleBadge } from "../ui/badge";
import { DateTime } from "../ui/date-time";
import { errorOutcome, type ReportOutcome } from "../ui/feedback";
import { ChangeRoleForm } from "./change-role-form";
import { ResetMfaButton } from "./reset-mfa-button";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { useUpdateUser } from "./use-users";

function roleChangedMessage(email: string, role: Role): string {
  return role === "admin" ? `${email} is now an admin.` : `${email} is now a user.`;
}

function disabledChangedMessage(email: string, disabled: boolean): string {
  return disabled ? `${email} is disabled; their sessions have ended.` : `${email} can sign in again.`;
}

export function UserRow({
  user,
  isCurrentUser,
  passwordMinLength,
  report,
}: {
  user: UserDto;
  isCurrentUser: boolean;
  passwordMinLength: number;
  report: ReportOutcome;
}) {
  const updateUser = useUpdateUser();
  const [resetOpen, setResetOpen] = useState(false);
  // Bumped when a change fails, so the role picker forgets the refused choice.
  const [failedChanges, setFailedChanges] = useState(0);

  function change(patch: UserChangeInput, successMessage: string) {
    updateUser.mutate(
      { id: user.id, change: patch },
      {
        onSuccess: () => report({ kind: "success", message: successMessage }),
        onError: (error) => {
          setFailedChanges((count) => count + 1);
          report(errorOutcome(error));
        },
      },
    );
  }

  return (
    <tr data-testid={`user-row-${user.email}`}>
      <th scope="row">
        {user.email}
        {isCurrentUser ? <span className="tag">(you)</span> : null}
      </th>
      <td>{user.name ?? <span className="muted">—</span>}</td>
      <td>
        <RoleBadge role={user.role} />
      </td>
      <td>
        <Badge tone={user.disabled ? "disabled" : "active"}>{user.disabled ? "Disabled" : "Active"}</Badge>
      </td>
      <td>{user.mfaEnabled ? "On" : "Off"}</td>
      <td>
        <DateTime iso={user.createdAt} />
      </td>
      <td>
        <div className="row-actions">
          <ChangeRoleForm
            key={`${user.role}:${failedChanges}`}
            user={user}
            pending={updateUser.isPending}
            onSubmit={(role) => change({ role }, roleChangedMessage(user.email, role))}
          />
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={updateUser.isPending}
            aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.email}`}
            onClick={() => change({ disabled: !user.disabled }, disabledChangedMessage(user.email, !user.disabled))}
          >
            {user.disabled ? "Enable" : "Disable"}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            aria-label={`Reset password for ${user.email}`}
            onClick={() => setResetOpen(true)}
          >
            Reset password
          </button>
          {user.mfaEnabled && !isCurrentUser ? <ResetMfaButton user={user} report={report} /> : null}
        </div>
        <ResetPasswordDialog
          user={user}
          isCurrentUser={isCurrentUser}
          passwordMinLength={passwordMinLength}
          open={resetOpen}
          onClose={() => setResetOpen(false)}
          onDone={(message) => report({ kind: "success", message })}
        />
      </td>
    </tr>
  );
}
