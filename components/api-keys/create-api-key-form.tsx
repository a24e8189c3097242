"use client";

import { useState, type FormEvent } from "react";
import type { Scope } from "../api/types";
import { errorOutcome, Feedback, type Outcome } from "../ui/feedback";
import { NewApiKeySecret } from "./new-api-key-secret";
import { useCreateApiKey } from "./use-api-keys";

/** Creates a key from a name and scopes, then shows its secret once. */
export function CreateApiKeyForm({ scopes }: { scopes: readonly Scope[] }) {
  const createApiKey = useCreateApiKey();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const chosen = form.getAll("scopes").map(String);
    setOutcome(null);
    setCreated(null);
    createApiKey.mutate(
      { name: String(form.get("name") ?? ""), scopes: scopes.filter((scope) => chosen.includes(scope)) },
      {
        onSuccess: ({ key, apiKey }) => {
          formElement.reset();
          setCreated({ name: apiKey.name, secret: key });
        },
        onError: (error) => setOutcome(errorOutcome(error)),
      },
    );
  }

  return (
    <section className="card section" aria-labelledby="create-api-key-title">
      <h2 id="create-api-key-title">Create API key</h2>
      <form className="form" onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="api-key-name">Name</label>
          <input
            id="api-key-name"
            name="name"
            type="text"
            autoComplete="off"
            required
            maxLength={100}
            aria-describedby="api-key-name-hint"
          />
          <span id="api-key-name-hint" className="field-hint">
            Say which program uses it, e.g. “print frontend”.
          </span>
        </div>
        <fieldset>
          <legend>Scopes</legend>
          <p className="field-hint">Grant only what the program needs.</p>
          <div className="checkbox-list">
            {scopes.map((scope) => (
              <label key={scope} className="checkbox">
                <input type="checkbox" name="scopes" value={scope} />
                <code>{scope}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button" disabled={createApiKey.isPending}>
            {createApiKey.isPending ? "Creating…" : "Create key"}
          </button>
        </div>
        <Feedback outcome={outcome} />
      </form>
      {created ? <NewApiKeySecret name={created.name} secret={created.secret} onDismiss={() => setCreated(null)} /> : null}
    </section>
  );
}
