import Link from "next/link";

export default function NotFound() {
  return (
    <main className="standalone-page">
      <p className="status-code" aria-hidden="true">
        404
      </p>
      <h1>Page not found</h1>
      <p className="muted">Nothing is at this address. It may have moved, or the link may be mistyped.</p>
      <Link className="button" href="/dashboard">
        Go to the dashboard
      </Link>
    </main>
  );
}
