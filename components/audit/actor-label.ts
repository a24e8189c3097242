/** "user 3f…", "API key 9c…", "anonymous", "PrintGuard" — how an event's actor reads in a table. */
export function actorLabel(actor: { type: string; id: string | null }): string {
  if (actor.type === "user") return `user ${actor.id}`;
  if (actor.type === "apiKey") return `API key ${actor.id}`;
  if (actor.type === "system") return "PrintGuard";
  return "anonymous";
}
