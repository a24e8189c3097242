// Runs one detector on one raw value the way the sanitizer would hand it over (decoded forms included).
import { normalizedForms } from "@/lib/security/sanitizer/normalize";
import type { Detector, InspectedValue, LocationKind } from "@/lib/security/sanitizer/types";

export function inspectorFor(detector: Detector) {
  return (raw: string, kind: LocationKind = "body", location = "body.prompt") => {
    const value: InspectedValue = { location, kind, raw, forms: normalizedForms(raw) };
    return detector.detect(value);
  };
}
