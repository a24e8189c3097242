/**
 * npm run user:create -- --email someone@example.com --role admin|user [--name "…"] [--password …]
 * Without --password a random one is generated and printed once.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createUser } from "@/lib/auth/users";
import { ConfigError, getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { HttpError } from "@/lib/http/errors";
import { z } from "zod";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string", default: "user" },
      name: { type: "string" },
      password: { type: "string" },
    },
  });
  if (!values.email) throw new UsageError("--email is required");
  const generated = values.password ? null : randomBytes(18).toString("base64url");
  const config = getConfig();
  await migrate(config.database);
  const user = await createUser(await getDb(), {
    email: values.email,
    role: values.role as "admin" | "user",
    name: values.name,
    password: values.password ?? generated!,
  });
  console.log(`created ${user.role} ${user.email} (id ${user.id})`);
  if (generated) console.log(`password (shown once): ${generated}`);
}

class UsageError extends Error {}

main()
  .catch((error: unknown) => {
    if (error instanceof z.ZodError) {
      console.error(error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; "));
    } else if (error instanceof ConfigError || error instanceof HttpError || error instanceof UsageError) {
      console.error(error.message);
    } else {
      console.error(`user:create failed: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  })
  .finally(() => closeDb());
