import { access, apiRoute } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/** Who the caller is (session or API key): lets the print frontend check its key. */
export const GET = apiRoute({ access: access.authenticated }, async ({ principal }) => principal!);
