import { script } from "./redis-client";

// Penalty state per key: a hash { s = strikes, u = blocked-until (epoch ms) }. These scripts are
// lib/ratelimit/penalty.ts in Lua (the conformance suite holds the two to the same answers).
// Numbers go back into Redis through string.format: a bare Lua number would be written as
// "1.7e+12" and lose the milliseconds.

/** KEYS = penalty keys → flat array { strikes1, until1, strikes2, until2, … } (0, 0 when absent). */
export const READ_PENALTIES = script(`
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call("HMGET", key, "s", "u")
  out[#out + 1] = tonumber(v[1]) or 0
  out[#out + 1] = tonumber(v[2]) or 0
end
return out
`);

/** KEYS[1] = penalty key; ARGV = now, baseMs, maxMs, quietMs → { strikes, until }. */
export const RECORD_VIOLATION = script(`
local now, base, cap, quiet = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local v = redis.call("HMGET", KEYS[1], "s", "u")
local strikes, blockedUntil = tonumber(v[1]) or 0, tonumber(v[2]) or 0
if strikes > 0 and now >= blockedUntil + quiet then
  strikes, blockedUntil = 0, 0
end
if blockedUntil > now then
  return { strikes, blockedUntil }
end
strikes = strikes + 1
local block = math.min(base * 2 ^ (strikes - 1), cap)
blockedUntil = now + block
redis.call("HSET", KEYS[1], "s", string.format("%d", strikes), "u", string.format("%.0f", blockedUntil))
redis.call("PEXPIRE", KEYS[1], string.format("%.0f", block + quiet))
return { strikes, blockedUntil }
`);
