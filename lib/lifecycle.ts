/**
 * Process lifecycle shared by the server, instrumentation and route handlers (through globalThis,
 * since they are bundled separately): a draining flag and the hooks to run at shutdown.
 */
type ShutdownHook = { name: string; run: () => Promise<void> | void };
interface Lifecycle {
  shuttingDown: boolean;
  hooks: ShutdownHook[];
}

const globalKey = Symbol.for("printguard.lifecycle");
type GlobalWithLifecycle = typeof globalThis & { [globalKey]?: Lifecycle };

function state(): Lifecycle {
  const g = globalThis as GlobalWithLifecycle;
  return (g[globalKey] ??= { shuttingDown: false, hooks: [] });
}

/** Registers work to do after in-flight requests have finished (flush buffers, close the database). Idempotent by name. */
export function onShutdown(name: string, run: ShutdownHook["run"]): void {
  const { hooks } = state();
  if (!hooks.some((h) => h.name === name)) hooks.push({ name, run });
}

export function isShuttingDown(): boolean {
  return state().shuttingDown;
}

export function markShuttingDown(): void {
  state().shuttingDown = true;
}

/** Runs every hook, latest registered first (the database closes after whatever writes to it). Never throws. */
export async function runShutdownHooks(log: (line: string) => void): Promise<void> {
  for (const hook of [...state().hooks].reverse()) {
    try {
      await hook.run();
      log(`shutdown: ${hook.name} done`);
    } catch (error) {
      log(`shutdown: ${hook.name} failed: ${(error as Error).message}`);
    }
  }
}
