import { Ratelimit } from "@upstash/ratelimit";
import { Redis as IoRedis } from "ioredis";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { IoredisAdapter } from "@/lib/ratelimit/stores/redis-client";
import { describeWithService, redisAvailable } from "../support/services";

describeWithService("redis", await redisAvailable())("ioredis adapter for @upstash/ratelimit", () => {
  const prefix = `printguard-test:adapter:${Date.now()}`;
  let client: IoRedis;
  beforeAll(() => void (client = new IoRedis("redis://127.0.0.1:6379")));
  afterAll(async () => {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  it("runs the library's scripts without their shebang: EVAL once after NOSCRIPT, then EVALSHA, again after a script flush", async () => {
    const adapter = new IoredisAdapter(client);
    const evalSpy = vi.spyOn(client, "eval");
    const evalshaSpy = vi.spyOn(client, "evalsha");
    const limiter = new Ratelimit({
      redis: adapter as unknown as ConstructorParameters<typeof Ratelimit>[0]["redis"],
      limiter: Ratelimit.slidingWindow(3, "60 s"),
      prefix,
      timeout: 0,
      ephemeralCache: false,
      enableTelemetry: false,
    });

    const results = [];
    for (let i = 0; i < 4; i++) results.push((await limiter.limit("id")).success);
    expect(results).toEqual([true, true, true, false]);
    expect(evalSpy).toHaveBeenCalledTimes(1); // the first call's NOSCRIPT fallback
    expect(String(evalSpy.mock.calls[0]![0])).not.toMatch(/^#!/);
    expect(evalshaSpy).toHaveBeenCalledTimes(4);

    await client.script("FLUSH"); // what a Redis restart or failover does to the script cache
    expect((await limiter.limit("id")).success).toBe(false);
    expect(evalSpy).toHaveBeenCalledTimes(2);
    expect((await limiter.getRemaining("id")).remaining).toBe(0);
  });
});
