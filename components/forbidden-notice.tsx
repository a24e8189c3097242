import Link from "next/link";

/** What a signed-in person sees on a page their role does not open (HTTP 403). */
export function ForbiddenNotice() {
  return (
    <section aria-labelledby="forbidden-title">
      <p className="status-code" aria-hidden="true">
        403
      </p>
      <h1 id="forbidden-title">You don&apos;t have access to this page</h1>
      <p className="muted">Your account&apos;s role does not open it. Ask an administrator if you need access.</p>
      <Link className="button" href="/dashboard">
        Back to the dashboard
      </Link>
    </section>
  );
}
