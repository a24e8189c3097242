"use client";

import { useEffect, useRef } from "react";
import { CopyButton } from "../ui/copy-button";

/**
 * The secret of a key just created. The server keeps only a hash, so this is the one moment it
 * can be copied; focus moves here so nobody misses it.
 */
export function NewApiKeySecret({ name, secret, onDismiss }: { name: string; secret: string; onDismiss: () => void }) {
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => boxRef.current?.focus(), []);

  return (
    <div ref={boxRef} className="secret-box" tabIndex={-1} aria-labelledby="new-api-key-title" role="region">
      <h3 id="new-api-key-title">API key “{name}” created</h3>
      <code className="secret-value" data-testid="new-api-key">
        {secret}
      </code>
      <p className="secret-warning">
        Copy it now and store it somewhere safe: you will not see this key again. If it is lost, revoke it and create
        a new one.
      </p>
      <div className="form-actions">
        <CopyButton text={secret} label="Copy key" />
        <button type="button" className="button button-secondary" onClick={onDismiss}>
          I have stored it
        </button>
      </div>
    </div>
  );
}
