import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/schema";

describe("monitoring configuration", () => {
  it("defaults: 2 s sampling, 1 s slow requests, 1000 in flight, no memory limit", () => {
    expect(parseEnv({})).toMatchObject({
      MONITOR_INTERVAL_MS: 2_000,
      MONITOR_SLOW_INTERVAL_MS: 60_000,
      SLOW_REQUEST_MS: 1_000,
      MAX_IN_FLIGHT_REQUESTS: 1_000,
      SHED_MEMORY_RSS_BYTES: 0,
      SHED_RETRY_AFTER_SECONDS: 5,
      ALERT_RULES: {},
    });
  });

  it("reads values, empty meaning default", () => {
    expect(parseEnv({ MONITOR_INTERVAL_MS: "500", SLOW_REQUEST_MS: "", SHED_MEMORY_RSS_BYTES: "2147483648", ALERT_RULES: '{"cpu":{"warning":0.7}}' })).toMatchObject({
      MONITOR_INTERVAL_MS: 500,
      SLOW_REQUEST_MS: 1_000,
      SHED_MEMORY_RSS_BYTES: 2_147_483_648,
      ALERT_RULES: { cpu: { warning: 0.7 } },
    });
  });

  it("names the bad variable", () => {
    expect(() => parseEnv({ MONITOR_INTERVAL_MS: "100" })).toThrow("Invalid configuration: MONITOR_INTERVAL_MS must be at least 250");
    expect(() => parseEnv({ MAX_IN_FLIGHT_REQUESTS: "many" })).toThrow(/MAX_IN_FLIGHT_REQUESTS must be a number/);
    expect(() => parseEnv({ ALERT_RULES: "[1]" })).toThrow(/ALERT_RULES must be a JSON object/);
  });
});
