import { errorMessage, needsSignInAgain } from "../api/client";
import { SignInAgainButton } from "../sign-in-again-button";

/**
 * The outcome of the last action, announced to screen readers. `signInAgain`: the API wants a
 * fresh sign-in first, and the error offers one.
 */
export type Outcome = { kind: "success" | "error"; message: string; signInAgain?: boolean } | null;

/** The outcome of a failed API call. */
export function errorOutcome(error: unknown): NonNullable<Outcome> {
  return { kind: "error", message: errorMessage(error), signInAgain: needsSignInAgain(error) };
}

/** How a row-level action hands its outcome to the table's shared live region. */
export type ReportOutcome = (outcome: NonNullable<Outcome>) => void;

/**
 * Two live regions that are always in the page (so assistive technology is listening before a
 * message arrives): polite for successes, assertive (role="alert") for errors.
 */
export function Feedback({ outcome }: { outcome: Outcome }) {
  return (
    <div className="feedback">
      <div role="status" aria-live="polite">
        {outcome?.kind === "success" ? <p className="alert alert-success">{outcome.message}</p> : null}
      </div>
      <div role="alert">
        {outcome?.kind === "error" ? <p className="alert alert-error">{outcome.message}</p> : null}
        {outcome?.kind === "error" && outcome.signInAgain ? <SignInAgainButton /> : null}
      </div>
    </div>
  );
}
