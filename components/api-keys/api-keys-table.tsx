"use client";

import { useState } from "react";
import { QueryStatus } from "../ui/query-status";
import type { ApiKeyDto } from "../api/types";
import { Badge } from "../ui/badge";
import { DateTime } from "../ui/date-time";
import { Feedback, type Outcome, type ReportOutcome } from "../ui/feedback";
import { maskedKey } from "./key-display";
import { RevokeApiKeyButton } from "./revoke-api-key-button";
import { useApiKeys } from "./use-api-keys";

function ApiKeyRow({ apiKey, report }: { apiKey: ApiKeyDto; report: ReportOutcome }) {
  const revoked = apiKey.revokedAt !== null;
  return (
    <tr data-testid={`api-key-row-${apiKey.prefix}`}>
      <th scope="row">{apiKey.name}</th>
      <td>
        <code>{maskedKey(apiKey.prefix)}</code>
      </td>
      <td>
        <ul className="scope-list" aria-label="Scopes">
          {apiKey.scopes.map((scope) => (
            <li key={scope}>
              <code>{scope}</code>
            </li>
          ))}
        </ul>
      </td>
      <td>
        <DateTime iso={apiKey.createdAt} />
      </td>
      <td>{apiKey.createdBy}</td>
      <td>{apiKey.lastUsedAt ? <DateTime iso={apiKey.lastUsedAt} /> : <span className="muted">never</span>}</td>
      <td>
        {revoked ? (
          <Badge tone="revoked">Revoked</Badge>
        ) : (
          <Badge tone="active">Active</Badge>
        )}
      </td>
      <td>{revoked ? null : <RevokeApiKeyButton apiKey={apiKey} report={report} />}</td>
    </tr>
  );
}

export function ApiKeysTable() {
  const apiKeys = useApiKeys();
  const [outcome, setOutcome] = useState<Outcome>(null);

  return (
    <section className="section" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">All API keys</h2>
      <Feedback outcome={outcome} />
      <QueryStatus query={apiKeys} loading="Loading API keys…" />
      {apiKeys.isSuccess && apiKeys.data.length === 0 ? <p className="muted">No API keys yet.</p> : null}
      {apiKeys.isSuccess && apiKeys.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Created by</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {apiKeys.data.map((apiKey) => (
                <ApiKeyRow key={apiKey.id} apiKey={apiKey} report={setOutcome} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
