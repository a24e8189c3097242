// Runs one detector on one raw value the way the sanitizer would hand it over (decoded forms included).
// Each value is also inspected with the character classes extraction attaches (`chars`): the
// class gates must give the very verdict the detector's own scans give.
import { describe, expect, it } from "vitest";
import { formClasses } from "@/lib/security/sanitizer/char-classes";
import { normalizedForms } from "@/lib/security/sanitizer/normalize";
import type { Detector, InspectedValue, LocationKind } from "@/lib/security/sanitizer/types";

export function inspectorFor(detector: Detector) {
  return (raw: string, kind: LocationKind = "body", location = "body.prompt") => {
    const value: InspectedValue = { location, kind, raw, forms: normalizedForms(raw) };
    const hit = detector.detect(value);
    expect(detector.detect({ ...value, chars: formClasses(value.forms) }), `${raw} (with character classes)`).toEqual(hit);
    return hit;
  };
}

/** Rows of `[input, rule, level]` per attack technique. */
export type AttacksByTechnique = Record<string, ReadonlyArray<readonly [string, string, string]>>;

/**
 * Inside a describe: one `describe` per technique, one test per row: the detector flags the input
 * with that rule and level, and names a non-empty match.
 */
export function itFlagsAttacksByTechnique(attacks: AttacksByTechnique, inspect: (raw: string) => ReturnType<Detector["detect"]>): void {
  for (const [technique, rows] of Object.entries(attacks)) {
    describe(technique, () => {
      it.each(rows.map((row) => [...row]))("flags %j as %s (%s)", (input, rule, level) => {
        const hit = inspect(input);
        expect(hit, input).not.toBeNull();
        expect(hit!.rule).toBe(rule);
        expect(hit!.level).toBe(level);
        expect(hit!.match.length).toBeGreaterThan(0);
      });
    });
  }
}
