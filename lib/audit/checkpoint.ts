import { z } from "zod";

/**
 * What the `audit.pruned` event records about the rows it removed: the last removed seq and its
 * hash. The event sits in the chain itself, so the checkpoint is as tamper-evident as any row, and
 * verification can start at the first kept row by trusting only a chained checkpoint.
 */
export const checkpointSchema = z.object({
  throughSeq: z.number().int().nonnegative(),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export function parseCheckpoint(details: string): Checkpoint | null {
  try {
    const parsed = checkpointSchema.safeParse(JSON.parse(details));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
