/** The request sanitizer's public API: extract values, inspect them under a policy, get a decision. */
export { inspectRequest, type SanitizerDecision, type SanitizerFinding } from "./inspect";
export { extractValues, forEachValue, isCredentialName, type RequestParts, type ValueSink } from "./extract";
export { familyMode, isAllowlisted, routeAllowance, type RouteAllowance, type SanitizerMode, type SanitizerPolicy } from "./policy";
export { evidenceFor, MAX_EVIDENCE } from "./evidence";
export { normalizedForms } from "./normalize";
export { DETECTORS } from "../detectors";
export { FAMILIES, THREAT_LEVELS } from "./types";
export type { Detector, DetectorHit, Family, Finding, InspectedValue, LocationKind, ThreatLevel } from "./types";
