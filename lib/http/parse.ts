import type { z } from "zod";
import { BadRequestError, HttpError, ValidationError, type FieldIssue } from "./errors";

/** zod issues → field issues named by location (`body.email`, `query.limit`, `params.id`). */
export function fieldIssues(location: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [location, ...issue.path.map(String)].join("."),
    message: issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message,
  }));
}

export function parseWith<T>(schema: z.ZodType<T>, location: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(fieldIssues(location, result.error));
  return result.data;
}

/** Reads a JSON body: 415 unless it is declared JSON, 400 when it does not parse. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError("unsupported-media-type", "Send the body as application/json.");
  }
  const text = await request.text();
  if (text.trim() === "") throw new BadRequestError("The request body is empty; a JSON object is expected.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}
