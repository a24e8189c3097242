import { getDb } from "@/lib/db/client";
import { databaseAnswers } from "@/lib/db/health";
import { ResourceExhaustedError } from "@/lib/http/errors";
import { access, apiRoute } from "@/lib/http/handler";
import { isShuttingDown } from "@/lib/lifecycle";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and the process is not draining. 503 otherwise, so a load balancer moves on. */
export const GET = apiRoute({ access: access.public }, async () => {
  if (isShuttingDown()) throw new ResourceExhaustedError(5, "Shutting down.");
  const ok = await getDb().then(databaseAnswers, () => false);
  if (!ok) throw new ResourceExhaustedError(5, "The database does not answer.");
  return { status: "ready", database: "ok" };
});
