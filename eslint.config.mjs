import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "dist/**", "lib/db/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
  {
    rules: {
      // lib/config is the only reader of process.env (tests, scripts and Next's own NEXT_RUNTIME excepted).
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/config." }],
    },
  },
  {
    files: ["lib/config/**", "lib/auth/options.ts", "instrumentation.ts", "tests/**", "e2e/**", "scripts/**", "bench/**", "*.config.*"],
    rules: { "no-restricted-properties": "off" },
  },
]);
