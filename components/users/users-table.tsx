"use client";

import { useState } from "react";
import { QueryStatus } from "../ui/query-status";
import { Feedback, type Outcome } from "../ui/feedback";
import { useUsers } from "./use-users";
import { UserRow } from "./user-row";

export function UsersTable({ currentUserId, passwordMinLength }: { currentUserId: string; passwordMinLength: number }) {
  const users = useUsers();
  const [outcome, setOutcome] = useState<Outcome>(null);

  return (
    <section className="section" aria-labelledby="users-title">
      <h2 id="users-title">All users</h2>
      <Feedback outcome={outcome} />
      <QueryStatus query={users} loading="Loading users…" />
      {users.isSuccess ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">MFA</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  isCurrentUser={user.id === currentUserId}
                  passwordMinLength={passwordMinLength}
                  report={setOutcome}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
