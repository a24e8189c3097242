"use client";

import { useEffect, useRef, useState } from "react";
import { CopyButton } from "../ui/copy-button";

/**
 * A new set of backup codes, shown this once (the server keeps only hashes): copy, download as
 * .txt, print, and "I have saved them" to leave. Focus moves here so nobody misses it.
 */
export function BackupCodesDisplay({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => boxRef.current?.focus(), []);
  const text = `PrintGuard backup codes for ${email}\nEach code works once. Keep them somewhere safe.\n\n${codes.join("\n")}\n`;

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "printguard-backup-codes.txt";
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  return (
    <div ref={boxRef} className="secret-box print-area" tabIndex={-1} role="region" aria-labelledby="backup-codes-title">
      <h3 id="backup-codes-title">Your backup codes</h3>
      <p className="secret-warning">
        Save these 10 codes now: you will not see them again. Each one signs you in once if you lose your phone.
      </p>
      <ol className="backup-codes" data-testid="backup-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="form-actions no-print">
        <CopyButton text={codes.join("\n")} label="Copy codes" />
        <button type="button" className="button button-secondary" onClick={download}>
          Download .txt
        </button>
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <div className="form-actions no-print">
        <label className="checkbox">
          <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> I have saved them
        </label>
        <button type="button" className="button" disabled={!saved} onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
