"use client";

import { useState, type FormEvent } from "react";
import type { UserDto } from "../api/types";
import { Dialog } from "../ui/dialog";
import { errorOutcome, Feedback, type Outcome } from "../ui/feedback";
import { useUpdateUser } from "./use-users";

/** Sets a new password for `user`. Their sessions end; for yourself that means signing in again. */
export function ResetPasswordDialog({
  user,
  isCurrentUser,
  passwordMinLength,
  open,
  onClose,
  onDone,
}: {
  user: UserDto;
  isCurrentUser: boolean;
  passwordMinLength: number;
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const updateUser = useUpdateUser();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const inputId = `new-password-${user.id}`;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setOutcome(null);
    updateUser.mutate(
      { id: user.id, change: { password } },
      {
        onSuccess: () => {
          onDone(`Password for ${user.email} was reset; their sessions have ended.`);
          onClose();
        },
        onError: (error) => setOutcome(errorOutcome(error)),
      },
    );
  }

  function handleClose() {
    setOutcome(null);
    onClose();
  }

  return (
    <Dialog open={open} onClose={handleClose} title={`Reset password for ${user.email}`}>
      <form className="form" onSubmit={handleSubmit}>
        <p className="muted">
          {isCurrentUser
            ? "This is your own account: you will be signed out and must sign in with the new password."
            : "The person is signed out everywhere and must use the new password from now on."}
        </p>
        <div className="field">
          <label htmlFor={inputId}>New password</label>
          <input
            id={inputId}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={passwordMinLength}
            aria-describedby={`${inputId}-hint`}
            data-autofocus
          />
          <span id={`${inputId}-hint`} className="field-hint">
            At least {passwordMinLength} characters.
          </span>
        </div>
        <Feedback outcome={outcome} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={updateUser.isPending}>
            {updateUser.isPending ? "Saving…" : "Set new password"}
          </button>
          <button type="button" className="button button-secondary" onClick={handleClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
