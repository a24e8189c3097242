"use client";

import { useState } from "react";

type CopyState = "idle" | "copied" | "failed";

/** Copies `text` to the clipboard and says (politely, to screen readers too) whether it worked. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<CopyState>("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <span className="form-actions">
      <button type="button" className="button" onClick={copy}>
        {label}
      </button>
      <span role="status" aria-live="polite">
        {state === "copied" ? "Copied to the clipboard." : null}
        {state === "failed" ? "Copy failed: select the key and copy it by hand." : null}
      </span>
    </span>
  );
}
