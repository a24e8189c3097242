"use client";

import { useState, type FormEvent } from "react";
import type { Role, UserDto } from "../api/types";

/**
 * Role picker with an explicit Save: a bare <select> would apply a role the moment a keyboard
 * user arrows past it.
 */
export function ChangeRoleForm({
  user,
  pending,
  onSubmit,
}: {
  user: UserDto;
  pending: boolean;
  onSubmit: (role: Role) => void;
}) {
  const [role, setRole] = useState<Role>(user.role);
  const selectId = `role-${user.id}`;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (role !== user.role) onSubmit(role);
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit}>
      <label htmlFor={selectId} className="visually-hidden">
        Role of {user.email}
      </label>
      <select
        id={selectId}
        value={role}
        onChange={(event) => setRole(event.target.value === "admin" ? "admin" : "user")}
        disabled={pending}
      >
        <option value="user">User</option>
        <option value="admin">Admin</option>
      </select>
      <button
        type="submit"
        className="button button-secondary button-small"
        disabled={pending || role === user.role}
        aria-label={`Save role for ${user.email}`}
      >
        Save role
      </button>
    </form>
  );
}
