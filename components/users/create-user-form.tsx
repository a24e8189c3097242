"use client";

import { useState, type FormEvent } from "react";
import type { Role } from "../api/types";
import { errorOutcome, Feedback, type Outcome } from "../ui/feedback";
import { useCreateUser } from "./use-users";

export function CreateUserForm({ passwordMinLength }: { passwordMinLength: number }) {
  const createUser = useCreateUser();
  const [outcome, setOutcome] = useState<Outcome>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get("name") ?? "").trim();
    const role: Role = form.get("role") === "admin" ? "admin" : "user";
    setOutcome(null);
    createUser.mutate(
      {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        role,
        ...(name ? { name } : {}),
      },
      {
        onSuccess: (user) => {
          formElement.reset();
          setOutcome({ kind: "success", message: `Created ${user.email} (${user.role}).` });
        },
        onError: (error) => setOutcome(errorOutcome(error)),
      },
    );
  }

  return (
    <section className="card section" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create user</h2>
      <form className="form" onSubmit={handleSubmit}>
        <div className="form-row">
          <div className="field">
            <label htmlFor="new-user-email">Email</label>
            <input id="new-user-email" name="email" type="email" autoComplete="off" required maxLength={254} />
          </div>
          <div className="field">
            <label htmlFor="new-user-name">
              Name <span className="muted">(optional)</span>
            </label>
            <input id="new-user-name" name="name" type="text" autoComplete="off" maxLength={100} />
          </div>
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="new-user-password">Initial password</label>
            <input
              id="new-user-password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={passwordMinLength}
              aria-describedby="new-user-password-hint"
            />
            <span id="new-user-password-hint" className="field-hint">
              At least {passwordMinLength} characters. Share it with the person securely.
            </span>
          </div>
          <div className="field">
            <label htmlFor="new-user-role">Role</label>
            <select id="new-user-role" name="role" defaultValue="user">
              <option value="user">User</option>
              <option value="admin">Admin</option>
            </select>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={createUser.isPending}>
            {createUser.isPending ? "Creating…" : "Create user"}
          </button>
        </div>
        <Feedback outcome={outcome} />
      </form>
    </section>
  );
}
