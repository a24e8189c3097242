import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { problemCatalog, type ProblemCode } from "@/lib/http/errors";

/** One sentence per problem type. `satisfies` makes a new catalog entry without an explanation a type error. */
const explanations = {
  "bad-request": "The request could not be read, for example because its body is not valid JSON.",
  unauthenticated: "The request carries no valid session or API key: sign in, or send a live key as `Authorization: Bearer <key>`.",
  forbidden: "You are authenticated, but your role or your API key's scopes do not allow this action.",
  "malicious-input": "The request contained input that looks like an attack, such as an injection attempt, and was refused before it reached the application.",
  "mfa-required": "Your account's role requires two-factor authentication and this session has not completed it: enroll an authenticator app (or confirm a code) at `/account`, then retry. API keys are not affected.",
  "mfa-code-rejected": "The one-time code was wrong, was already used (each code works once), or the account has no two-factor authentication to check it against. Use the next code from your app or an unused backup code.",
  "reauthentication-required": "Enrolling an authenticator app, resetting someone's two-factor authentication, creating an API key or an account, and changing an account's role, password or state need a recent sign-in (within `REAUTH_WINDOW_SECONDS`, 10 minutes by default) or a one-time code just entered: sign out, sign in again, then retry. It keeps a session left open on a shared computer from being used to take over an account's second factor or to grant lasting access.",
  "not-found": "Nothing exists at this path, or the record it names does not exist.",
  "method-not-allowed": "This path exists but does not accept the HTTP method used.",
  conflict: "The request conflicts with the current state, for example an email that is already taken or demoting the last active admin.",
  "payload-too-large": "The request body is larger than the server accepts.",
  "unsupported-media-type": "The request body is not in a format the route accepts: send JSON with `content-type: application/json`.",
  "validation-failed": "Some fields are missing or invalid; the `errors` array names each field and what is wrong with it.",
  "rate-limited": "Too many requests arrived in a short time; wait for the number of seconds in the `Retry-After` header before trying again.",
  internal: "Something unexpected went wrong on the server; quote the `requestId` from the response when you report it.",
  "performance-degraded": "The operation could not finish within its time limit and was stopped.",
  "resource-exhausted": "The server is short of capacity and is shedding load; try again after the `Retry-After` interval.",
  overloaded: "The server has more requests in flight, or uses more memory, than its configured limits (`MAX_IN_FLIGHT_REQUESTS`, `SHED_MEMORY_RSS_BYTES`), so it refuses new work until the requests it holds have finished; retry after the `Retry-After` interval. Admins are never refused this way.",
} satisfies Record<ProblemCode, string>;

function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(problemCatalog, code);
}

/** Renders `text` with `backticked` parts as code. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}
    </>
  );
}

type Props = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await params;
  return { title: isProblemCode(code) ? `Problem: ${problemCatalog[code].title}` : "Unknown problem" };
}

export default async function ProblemPage({ params }: Props) {
  const { code } = await params;
  if (!isProblemCode(code)) notFound();
  const { title, status } = problemCatalog[code];
  return (
    <main className="standalone-page">
      <p className="eyebrow">PrintGuard API problem type</p>
      <h1>{title}</h1>
      <dl className="details-list problem-facts">
        <dt>HTTP status</dt>
        <dd>{status}</dd>
        <dt>Type</dt>
        <dd>
          <code>/problems/{code}</code>
        </dd>
      </dl>
      <p>
        <WithCode text={explanations[code]} />
      </p>
      <p className="muted">
        PrintGuard reports errors as RFC 9457 problem details (<code>application/problem+json</code>) with{" "}
        <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and <code>requestId</code>. The{" "}
        <code>detail</code> says what went wrong with this particular request.
      </p>
      <p>
        <Link href="/dashboard">Back to PrintGuard</Link>
      </p>
    </main>
  );
}
