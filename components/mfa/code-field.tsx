/**
 * The one input for a one-time code: numeric keyboard on phones, the browser's one-time-code
 * autofill, and its error tied to it for screen readers. Backup codes are accepted when `allowBackup`.
 */
export function CodeField({ id, label, allowBackup, error, autoFocus }: { id: string; label: string; allowBackup: boolean; error: string | null; autoFocus?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name="code"
        type="text"
        inputMode={allowBackup ? "text" : "numeric"}
        autoComplete="one-time-code"
        spellCheck={false}
        autoCapitalize="off"
        required
        maxLength={allowBackup ? 20 : 6}
        pattern={allowBackup ? undefined : "[0-9]{6}"}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        data-autofocus
        autoFocus={autoFocus}
      />
      <span id={`${id}-hint`} className="field-hint">
        {allowBackup ? "The 6-digit code from your authenticator app, or a backup code (xxxx-xxxx-xxxx)." : "The 6-digit code your authenticator app shows now."}
      </span>
      <div role="alert" id={`${id}-error`}>
        {error ? <p className="alert alert-error">{error}</p> : null}
      </div>
    </div>
  );
}
