// Generates the Prisma clients for both providers (lib/db/generated/{sqlite,postgresql}).
// `prisma generate` never runs the native schema engine, but the CLI insists the binary exists and
// would try to download it (impossible offline): pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file satisfies that check. See DEVELOPERS.md.
import { execFileSync } from "node:child_process";

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync("npx", ["prisma", "generate", "--schema", `prisma/${provider}/schema.prisma`], { stdio: "inherit", env });
}
