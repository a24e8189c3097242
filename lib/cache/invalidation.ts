import { z } from "zod";
import { clearScopeSchema, type ClearScope } from "./types";

/**
 * The message an instance publishes after a clear, so every other instance empties the same part
 * of its L1. `origin` lets the sender ignore its own echo. Anything else on the channel is ignored.
 */
const messageSchema = z.strictObject({ origin: z.string().min(1).max(128), clear: clearScopeSchema });
export type InvalidationMessage = z.infer<typeof messageSchema>;

export function encodeInvalidation(origin: string, clear: ClearScope): string {
  return JSON.stringify({ origin, clear });
}

/** The message, or null when the text is not one (never throws: the channel is input). */
export function decodeInvalidation(text: string): InvalidationMessage | null {
  try {
    const parsed = messageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
